/**
 * `npm run gateway [-- path/to/gateway.yaml]`: Apollo Gateway on a static supergraph composed from the subgraph
 * schemas the configuration file names (default gateway/gateway.yaml). HOST and PORT override its `listen`.
 */
import path from "node:path";
import { GatewayConfigError, loadGatewayConfig } from "./config";
import { startGateway } from "./gateway";

async function main(): Promise<void> {
  const file = path.resolve(process.argv[2] ?? process.env.PMM_GATEWAY_CONFIG ?? path.join(__dirname, "gateway.yaml"));
  const config = loadGatewayConfig(file);
  const gateway = await startGateway(config);
  const names = config.subgraphs.map((s) => `${s.name} ${s.url}`).join(", ");
  console.log(`[gateway] ${gateway.url} in front of ${names}`);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      gateway.stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof GatewayConfigError ? `[gateway] ${err.message}` : err);
  process.exit(1);
});
