// Shared by the People screen, the person page and the viewer's face boxes: the strings in the current language,
// and how a face is cut out of its photo for an avatar.
import { computed } from 'vue';
import type { PhotoSummary } from '../../shared/api.js';
import type { FaceRect } from '../../shared/people-types.js';
import { peopleMessagesFor, type PeopleMessages } from '../i18n/people-messages.js';
import { app, locale } from '../state/app.js';
import { faceSquare } from '../state/face-square.js';

export const pm = computed<PeopleMessages>(() => peopleMessagesFor(locale.value));

/**
 * CSS that shows `box` of `photo` filling a square of `size` px, from the viewer-size image. The box is in displayed
 * pixels, so scaling the whole photo by size / box width puts the face exactly in the square, whatever the
 * resolution of the image served.
 */
export function faceAvatarStyle(photo: PhotoSummary, box: FaceRect, size: number): Record<string, string> {
  const [x, y, side] = faceSquare(box, photo.width ?? 0, photo.height ?? 0);
  const k = size / side;
  const url = app.client?.mediaUrl('large', photo.id, photo.version) ?? '';
  return {
    width: `${size}px`,
    height: `${size}px`,
    backgroundImage: `url("${url}")`,
    backgroundRepeat: 'no-repeat',
    backgroundSize: `${(photo.width ?? 0) * k}px ${(photo.height ?? 0) * k}px`,
    backgroundPosition: `${-x * k}px ${-y * k}px`,
  };
}
