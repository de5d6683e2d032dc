// No photo or feature ever leaves the machine, and nothing else does either. onnxruntime-node 1.30's Linux library
// carries Microsoft's 1DS telemetry client, which resolves and calls mobile.events.data.microsoft.com some seconds
// after the first session is created (measured with strace: DNS lookups from the CLI and from the model process).
// Its switch is the ORT_DISABLE_TELEMETRY environment variable, read when the runtime's environment is created at
// the first session, so it is set here, on import, in every module that creates sessions (and it is inherited by the
// model process). test/reliability/no-network.test.ts proves it under strace.
export const ORT_TELEMETRY_SWITCH = 'ORT_DISABLE_TELEMETRY';

export function disableOnnxTelemetry(env: NodeJS.ProcessEnv = process.env): void {
  env[ORT_TELEMETRY_SWITCH] = '1';
}

disableOnnxTelemetry();
