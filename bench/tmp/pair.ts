import sharp from 'sharp';
const [f1, f2, out] = process.argv.slice(2);
const a = await sharp(f1).resize(300, 300, { fit: 'contain' }).toBuffer();
const b = await sharp(f2).resize(300, 300, { fit: 'contain' }).toBuffer();
await sharp({ create: { width: 600, height: 300, channels: 3, background: '#fff' } }).composite([{ input: a, left: 0, top: 0 }, { input: b, left: 300, top: 0 }]).png().toFile(out);
