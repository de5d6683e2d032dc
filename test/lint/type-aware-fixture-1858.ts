async function save(): Promise<void> {}
export function bad(items: number[]): void {
  save();
  items.forEach(async () => { await save(); });
}
export async function good(items: number[]): Promise<void> {
  await save();
  void save();
  for (const _ of items) await save();
}
