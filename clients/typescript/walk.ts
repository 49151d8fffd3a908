// A front end's and a partner's way through the API with the generated types
// (openapi-typescript) and openapi-fetch: a seeker signs in, reads My Page, searches with a
// Japanese word, keeps a job and reads it back; a partner signs in with its client
// credentials, lists the seekers who share their profile and writes to one.
//
// API_BASE_URL, SEEKER_USERNAME, SEEKER_PASSWORD, PARTNER_CLIENT_ID and PARTNER_CLIENT_SECRET
// say where and who. Each step prints one JSON line: {"step": ..., ...what was seen}.
import createClient from "openapi-fetch";
import type { components, paths } from "mypage-api-schema";

type TokenForm = components["schemas"]["CreateTokenForm"];

function setting(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set`);
  }
  return value;
}

function report(step: string, seen: Record<string, unknown>): void {
  console.log(JSON.stringify({ step, ...seen }));
}

function fail(step: string, response: Response, error: unknown): never {
  throw new Error(`${step}: ${response.status} ${JSON.stringify(error)}`);
}

const baseUrl = setting("API_BASE_URL");
const anonymous = createClient<paths>({ baseUrl });

/** A client that sends the access token the token endpoint gives for this form. */
async function signIn(form: TokenForm): Promise<ReturnType<typeof createClient<paths>>> {
  const { data, error, response } = await anonymous.POST("/v1/auth/token", {
    body: form,
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
  });
  if (!data) {
    fail(`sign in (${form.grant_type})`, response, error);
  }
  report("token", { grant_type: form.grant_type, token_type: data.token_type });
  return createClient<paths>({
    baseUrl,
    headers: { Authorization: `Bearer ${data.access_token}` },
  });
}

async function seekerWalk(): Promise<void> {
  const seeker = await signIn({
    grant_type: "password",
    username: setting("SEEKER_USERNAME"),
    password: setting("SEEKER_PASSWORD"),
  });

  const home = await seeker.GET("/v1/me/home");
  if (!home.data) {
    fail("home", home.response, home.error);
  }
  report("home", {
    office: home.data.office.code,
    seeker_number: home.data.seeker_number,
    unread_messages: home.data.unread_messages,
  });

  const found = await seeker.GET("/v1/jobs", { params: { query: { q: "介護", online: true } } });
  if (!found.data) {
    fail("search", found.response, found.error);
  }
  const [job] = found.data.items;
  if (!job) {
    throw new Error("search: no job found for 介護");
  }
  report("search", {
    total: found.data.total,
    count: found.data.items.length,
    job_number: job.job_number,
    title: job.title,
  });

  const kept = await seeker.PUT("/v1/me/favorites/{job_number}", {
    params: { path: { job_number: job.job_number } },
  });
  if (!kept.response.ok) {
    fail("favourite", kept.response, kept.error);
  }
  const favourites = await seeker.GET("/v1/me/favorites");
  if (!favourites.data) {
    fail("favourites", favourites.response, favourites.error);
  }
  const favourite = favourites.data.items.find((f) => f.job_number === job.job_number);
  report("favourites", {
    status: kept.response.status,
    job_number: favourite?.job_number ?? null,
    title: favourite?.job?.title ?? null,
    available: favourite?.available ?? null,
  });
}

async function partnerWalk(): Promise<void> {
  const partner = await signIn({
    grant_type: "client_credentials",
    client_id: setting("PARTNER_CLIENT_ID"),
    client_secret: setting("PARTNER_CLIENT_SECRET"),
  });

  const seekers = await partner.GET("/v1/partner/seekers");
  if (!seekers.data) {
    fail("seekers", seekers.response, seekers.error);
  }
  const [profile] = seekers.data.items;
  if (!profile) {
    throw new Error("seekers: nobody shares a profile");
  }
  report("seekers", { count: seekers.data.items.length, fields: Object.keys(profile).sort() });

  const sent = await partner.POST("/v1/partner/messages", {
    body: {
      seeker_ref: profile.seeker_ref,
      subject: "求人のご紹介",
      body: "介護職の求人をご案内します。",
    },
  });
  if (!sent.data) {
    fail("message", sent.response, sent.error);
  }
  report("message", {
    status: sent.response.status,
    thread_id: sent.data.thread_id,
    direction: sent.data.direction,
    subject: sent.data.subject,
  });
}

await seekerWalk();
await partnerWalk();
