/** The types a photo may be (the server's image types; anything else is refused there too). */
export const PHOTO_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];
export const PHOTO_SIZE = 512;

/** The centred square of an image `width` × `height`, as drawImage's source rectangle. */
export function centreSquare(width: number, height: number) {
  const side = Math.min(width, height);
  return { sx: Math.floor((width - side) / 2), sy: Math.floor((height - side) / 2), side };
}

/**
 * The photo as it is uploaded: the centred square, at most PHOTO_SIZE px, as a JPEG of a few
 * dozen kilobytes (a phone's 5 MB picture would otherwise load in every directory row). Runs in
 * the browser, since the server never sees the bytes.
 */
export async function resizePhoto(file: File): Promise<File> {
  const bitmap = await createImageBitmap(file);
  const { sx, sy, side } = centreSquare(bitmap.width, bitmap.height);
  const target = Math.min(PHOTO_SIZE, side);
  const canvas = document.createElement('canvas');
  canvas.width = target;
  canvas.height = target;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('photo_unreadable');
  context.fillStyle = '#fff'; // transparent pixels would turn black in a JPEG
  context.fillRect(0, 0, target, target);
  context.drawImage(bitmap, sx, sy, side, side, 0, 0, target, target);
  bitmap.close();
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.88));
  if (!blob) throw new Error('photo_unreadable');
  const base = file.name.replace(/\.[^.]*$/, '') || 'photo';
  return new File([blob], `${base}.jpg`, { type: 'image/jpeg' });
}
