// Drag and drop from outside onto the window: a folder is added to the library (when the host can
// tell its path: Electron can, a browser cannot), an image file is searched for similar photos.
// The DataTransfer is only readable during the drop event, so everything is collected synchronously.
import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue';
import { addFolder, findSimilarToImage, host, m, toast, toastError } from '../state/app.js';

const MAX_IMAGE_BYTES = 40 * 1024 * 1024;
const IMAGE_NAME = /\.(jpe?g|png|gif|webp|bmp|tiff?|heic|heif|avif|jxl|dng|cr2|cr3|nef|arw|orf|rw2|raf)$/i;

export function isImageFile(file: { name: string; type: string }): boolean {
  return file.type.startsWith('image/') || IMAGE_NAME.test(file.name);
}

export function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error(`Cannot read ${file.name}`));
    reader.readAsDataURL(file);
  });
}

function hasFiles(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes('Files') ?? false;
}

export function useWindowDrop(): { dragging: Ref<boolean> } {
  const dragging = ref(false);
  let depth = 0;

  const onEnter = (event: DragEvent): void => {
    if (!hasFiles(event)) return;
    depth += 1;
    dragging.value = true;
  };
  const onLeave = (event: DragEvent): void => {
    if (!hasFiles(event)) return;
    depth = Math.max(0, depth - 1);
    if (depth === 0) dragging.value = false;
  };
  const onOver = (event: DragEvent): void => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
  };
  const onDrop = (event: DragEvent): void => {
    depth = 0;
    dragging.value = false;
    const dt = event.dataTransfer;
    if (!dt || !hasFiles(event)) return;
    event.preventDefault();
    const folders: File[] = [];
    const images: File[] = [];
    let other = 0;
    for (const item of [...dt.items]) {
      if (item.kind !== 'file') continue;
      const file = item.getAsFile();
      if (!file) continue;
      if (item.webkitGetAsEntry?.()?.isDirectory) folders.push(file);
      else if (isImageFile(file)) images.push(file);
      else other += 1;
    }
    void handle(folders, images, other);
  };

  async function handle(folders: File[], images: File[], other: number): Promise<void> {
    for (const folder of folders) {
      const path = host().pathForFile?.(folder) ?? null;
      if (path) await addFolder(path);
      else toast(m.value.folder.dropFolderNoPath, { kind: 'error' });
    }
    const image = images[0];
    if (image) {
      if (image.size > MAX_IMAGE_BYTES) {
        toast(m.value.drop.tooBig(image.name), { kind: 'error' });
        return;
      }
      try {
        await findSimilarToImage(image.name, await readAsDataUrl(image));
      } catch (error) {
        toastError(error);
      }
    } else if (folders.length === 0 && other > 0) {
      toast(m.value.drop.notImage, { kind: 'error' });
    }
  }

  onMounted(() => {
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('dragover', onOver);
    window.addEventListener('drop', onDrop);
  });
  onBeforeUnmount(() => {
    window.removeEventListener('dragenter', onEnter);
    window.removeEventListener('dragleave', onLeave);
    window.removeEventListener('dragover', onOver);
    window.removeEventListener('drop', onDrop);
  });
  return { dragging };
}
