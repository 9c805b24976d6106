import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cachePreparedStatements } from "./statement-cache";

describe("cachePreparedStatements", () => {
  let sqlite: Database.Database;
  beforeEach(() => {
    sqlite = new Database(":memory:");
    sqlite.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO t (name) VALUES ('a'), ('b'), ('c');");
    cachePreparedStatements(sqlite, 3);
  });
  afterEach(() => sqlite.close());

  it("prepares the same text once", () => {
    expect(sqlite.prepare("SELECT name FROM t WHERE id = ?")).toBe(sqlite.prepare("SELECT name FROM t WHERE id = ?"));
    expect(sqlite.prepare("SELECT name FROM t WHERE id = ?")).not.toBe(sqlite.prepare("SELECT id FROM t WHERE id = ?"));
  });

  it("returns rows as objects, whatever mode the statement's last user left it in", () => {
    sqlite.prepare("SELECT id, name FROM t WHERE id = ?").raw(true);
    expect(sqlite.prepare("SELECT id, name FROM t WHERE id = ?").get(1)).toEqual({ id: 1, name: "a" });
    sqlite.prepare("SELECT id, name FROM t WHERE id = ?").pluck(true);
    expect(sqlite.prepare("SELECT id, name FROM t WHERE id = ?").get(2)).toEqual({ id: 2, name: "b" });
    sqlite.prepare("SELECT id, name FROM t WHERE id = ?").expand(true);
    expect(sqlite.prepare("SELECT id, name FROM t WHERE id = ?").get(3)).toEqual({ id: 3, name: "c" });
  });

  it("never hands out a statement that is still being iterated", () => {
    const source = "SELECT name FROM t ORDER BY id";
    const outer = sqlite.prepare(source).iterate() as IterableIterator<{ name: string }>;
    expect(outer.next().value).toEqual({ name: "a" });
    // The same query while the first is open: without the check this throws "This statement is busy".
    expect(sqlite.prepare(source).all()).toHaveLength(3);
    expect([...outer].map((r) => r.name)).toEqual(["b", "c"]);
  });

  it("keeps writes working when reused", () => {
    const insert = "INSERT INTO t (name) VALUES (?)";
    sqlite.prepare(insert).run("d");
    sqlite.prepare(insert).run("e");
    expect(sqlite.prepare("SELECT count(*) AS n FROM t").get()).toEqual({ n: 5 });
  });

  it("drops the least recently used statement past its size", () => {
    const first = sqlite.prepare("SELECT 1");
    sqlite.prepare("SELECT 2");
    sqlite.prepare("SELECT 1"); // used again: now the most recent
    sqlite.prepare("SELECT 3");
    sqlite.prepare("SELECT 4"); // past 3: "SELECT 2" goes
    expect(sqlite.prepare("SELECT 1")).toBe(first);
    const second = sqlite.prepare("SELECT 2");
    expect(sqlite.prepare("SELECT 2")).toBe(second);
  });
});
