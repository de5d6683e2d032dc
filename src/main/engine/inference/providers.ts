import type { ProviderChoice } from '../../../shared/settings.js';

/**
 * The execution providers to try, in order, for a setting on a platform. onnxruntime-node 1.30 bundles the CPU and
 * WebGPU providers on Linux and Windows (WebGPU reaches NVIDIA/AMD/Intel GPUs through Vulkan or D3D12), DirectML on
 * Windows and CoreML on macOS; CUDA only works where its libraries were installed separately, so `auto` tries it
 * only when asked to (`cudaAvailable`). The CPU always ends the list for `auto`; a forced provider has no fallback.
 */
export function providerCandidates(setting: ProviderChoice, platform: NodeJS.Platform, cudaAvailable = false): string[] {
  if (setting !== 'auto') return [setting];
  const gpu: string[] = [];
  if (platform === 'linux' || platform === 'win32') {
    if (cudaAvailable) gpu.push('cuda');
    gpu.push('webgpu');
  }
  if (platform === 'win32') gpu.push('dml');
  if (platform === 'darwin') gpu.push('coreml');
  return [...gpu, 'cpu'];
}
