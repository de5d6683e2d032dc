import sharp from 'sharp';
const files = ['/work/wt/shared/data/hires/lomiri20__Kleiber_by_Lukas_Baubkus.jpg', '/work/wt/shared/data/hires/lomiri16__Bridge_by_Sander_Klootwijk.jpg', '/work/wt/shared/data/hires/lomiri16__picosdeeuropa_by_Aitzol_Berasategi.jpg'];
const cpu = async (label: string, f: () => Promise<unknown>, n = 5) => {
  await f();
  const c0 = process.cpuUsage();
  for (let i = 0; i < n; i++) await f();
  const c = process.cpuUsage(c0); console.log(label.padEnd(44), ((c.user + c.system) / n / 1000).toFixed(1), 'ms');
};
sharp.cache(false);
for (const file of files) {
  const m = await sharp(file).metadata();
  console.log(file.split('/').pop(), m.width, m.height);
  await cpu('full decode', () => sharp(file).raw().toBuffer());
  await cpu('preview 1280 (shrink-on-load)', () => sharp(file).rotate().resize(1280, 1280, { fit: 'inside' }).raw().toBuffer());
  for (const fy of [0.1, 0.5, 0.9]) {
    const top = Math.round(m.height! * fy) - 50;
    await cpu(`extract 100 px at ${fy * 100}% down, to 256`, () => sharp(file).rotate().extract({ left: Math.round(m.width! / 2), top, width: 100, height: 100 }).resize(256, 256, { fit: 'fill' }).raw().toBuffer());
    await cpu(`  same, sequentialRead`, () => sharp(file, { sequentialRead: true }).rotate().extract({ left: Math.round(m.width! / 2), top, width: 100, height: 100 }).resize(256, 256, { fit: 'fill' }).raw().toBuffer());
  }
}
