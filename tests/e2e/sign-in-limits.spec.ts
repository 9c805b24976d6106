// Sign-in limits across processes (decision 0005): two instances of the built server on one database file, as the
// workers of a clustered server are, and clients at different addresses (127.0.0.x: the server sees each as its
// own client). The per-address limit and the account lock hold whichever instance an attempt reaches; the hard
// lock is on one account from one address only, so nobody can lock someone else out; attempts on one account
// from many addresses are slowed, not locked, and an address the account has signed in from is not slowed.
import { expect, test } from "@playwright/test";
import { demoDatabase, signInFrom, startServer, type OwnServer } from "./own-server";

const ADDRESS_LIMIT = 8;
let a: OwnServer;
let b: OwnServer;
let remove: () => void;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  const made = await demoDatabase();
  remove = made.remove;
  const env = { LOGIN_IP_LIMIT: String(ADDRESS_LIMIT), LOG_LEVEL: "warn" };
  [a, b] = await Promise.all([startServer(made.databasePath, env), startServer(made.databasePath, env)]);
});
test.afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  remove?.();
});

/** Alternates between the two instances: attempt i goes to a, then b, then a... */
const instance = (i: number) => (i % 2 === 0 ? a : b);

test("the per-address limit counts attempts at both instances together", async () => {
  const address = "127.0.0.11";
  for (let i = 0; i < ADDRESS_LIMIT; i++) {
    const answer = await signInFrom(address, instance(i).base, `nobody-${i}@police.concord.test`, "not the password");
    expect(answer.status, `attempt ${i + 1}`).toBe(401);
  }
  // Both instances now refuse that address, even the right password for a real account...
  for (const server of [a, b]) {
    const refused = await signInFrom(address, server.base, "court@probation.concord.test");
    expect(refused.status).toBe(429);
    expect(refused.text).toContain("too many attempts to sign in from your network");
  }
  // ...and nobody else.
  expect((await signInFrom("127.0.0.12", b.base, "court@probation.concord.test")).status).toBe(302);
});

test("five wrong passwords lock the account at that address only, at both instances", async () => {
  const account = "clinician@health.concord.test";
  for (let i = 0; i < 5; i++)
    expect((await signInFrom("127.0.0.21", instance(i).base, account, `wrong ${i}`)).status).toBe(401);
  for (const server of [a, b])
    expect((await signInFrom("127.0.0.21", server.base, account)).status, "locked at that address").toBe(401);
  // The owner, elsewhere, is not locked out.
  const owner = await signInFrom("127.0.0.22", b.base, account);
  expect(owner.status).toBe(302);
  expect(owner.location).toBe("/");
});

test("wrong passwords from many addresses slow the account down instead of locking it", async () => {
  test.setTimeout(120_000);
  const account = "psychologist@health.concord.test";
  // The owner has signed in from their office before: that address is familiar.
  expect((await signInFrom("127.0.0.30", a.base, account)).status).toBe(302);

  // Nine wrong passwords, each from another address, alternating instances: none is locked (one attempt each),
  // but from the sixth on each waits its turn on the account.
  for (let i = 0; i < 9; i++)
    expect(
      (await signInFrom(`127.0.0.${31 + i}`, instance(i).base, account, `guess ${i}`)).status,
      `guess ${i + 1}`,
    ).toBe(401);

  // The owner at the familiar address signs in at once.
  expect((await signInFrom("127.0.0.30", b.base, account)).status).toBe(302);
  // Two attempts at once from new addresses: one waits its turn and then succeeds; the other would wait too long,
  // so it is refused with a message saying to wait, and its password is not even checked.
  const [first, second] = await Promise.all([
    signInFrom("127.0.0.50", a.base, account),
    new Promise((r) => setTimeout(r, 300)).then(() => signInFrom("127.0.0.51", b.base, account)),
  ]);
  expect(first.status).toBe(302);
  expect(second.status).toBe(429);
  expect(second.text).toContain("many failed attempts to sign in to this account");
});
