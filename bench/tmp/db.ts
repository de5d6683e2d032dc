import Database from 'better-sqlite3';
const db = new Database(process.argv[2], { readonly: true });
console.log(db.prepare(process.argv[3]).all());
