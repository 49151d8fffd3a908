// A front end's and a partner's way through the API with the generated types
// (openapi-typescript) and openapi-fetch: a seeker signs in, reads My Page, searches with a
// Japanese word, keeps a job, uploads a résumé and applies with it, and reads the
// application back; an employer posts a job, reads who applied and records the result; a
// partner signs in with its client credentials, lists the seekers who share their profile,
// writes to one and reads the message back in its thread.
//
// API_BASE_URL says where; SEEKER_USERNAME, SECOND_SEEKER_USERNAME and SEEKER_PASSWORD,
// EMPLOYER_USERNAME and EMPLOYER_PASSWORD, PARTNER_CLIENT_ID and PARTNER_CLIENT_SECRET say
// who. Each step prints one JSON line: {"step": ..., ...what was seen}.
import { createHash, randomUUID } from "node:crypto";
import createClient from "openapi-fetch";
import type { components, paths } from "mypage-api-schema";

type TokenForm = components["schemas"]["CreateTokenForm"];
type DocumentUpload = components["schemas"]["DocumentUpload"];
type Client = ReturnType<typeof createClient<paths>>;

const MOTIVATION = "介護の仕事を続けてきました。御社で経験を生かしたいと考えています。";

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
async function signIn(form: TokenForm): Promise<Client> {
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

function person(username: string, password: string): Promise<Client> {
  return signIn({ grant_type: "password", username, password });
}

/** A one-page PDF (a résumé with one line of text), byte for byte as a PDF writer
 * would make it: objects, their offsets in the cross-reference table, the trailer. */
function resumePdf(): string {
  const text = "BT /F1 12 Tf 72 720 Td (Rirekisho) Tj ET";
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R " +
      "/Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let pdf = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(pdf.length);
    pdf += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  pdf += offsets.map((offset) => `${String(offset).padStart(10, "0")} 00000 n \n`).join("");
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return pdf;
}

async function seekerWalk(): Promise<void> {
  const seeker = await person(setting("SEEKER_USERNAME"), setting("SEEKER_PASSWORD"));

  const home = await seeker.GET("/v1/me/home");
  if (!home.data) {
    fail("home", home.response, home.error);
  }
  report("home", {
    office: home.data.office.code,
    seeker_number: home.data.seeker_number,
    unread_messages: home.data.unread_messages,
  });

  // Jobs the seeker has applied to already (in either list) cannot be applied to again.
  const applied = new Set<string>();
  for (const list of ["applying", "finished"] as const) {
    const own = await seeker.GET("/v1/me/applications", {
      params: { query: { list, limit: 100 } },
    });
    if (!own.data) {
      fail("applications", own.response, own.error);
    }
    own.data.items.forEach((application) => applied.add(application.job_number));
  }

  const found = await seeker.GET("/v1/jobs", { params: { query: { q: "介護", online: true } } });
  if (!found.data) {
    fail("search", found.response, found.error);
  }
  const job = found.data.items.find(
    (j) => j.accepts_online_applications && !applied.has(j.job_number),
  );
  if (!job) {
    throw new Error("search: no job for 介護 that the seeker has not applied to");
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

  // The generated type gives the binary part as a string: the walk puts the file's name
  // there, and the serializer sends the bytes under that name as a multipart file part.
  const pdf = resumePdf();
  const uploaded = await seeker.POST("/v1/me/documents", {
    body: { file: "履歴書.pdf", kind: "resume" },
    bodySerializer(body: DocumentUpload): FormData {
      const form = new FormData();
      form.append("kind", body.kind);
      form.append("file", new Blob([pdf], { type: "application/pdf" }), body.file);
      return form;
    },
  });
  if (!uploaded.data) {
    fail("upload", uploaded.response, uploaded.error);
  }
  const document = uploaded.data;
  report("upload", {
    status: uploaded.response.status,
    kind: document.kind,
    filename: document.filename,
    media_type: document.media_type,
    size: document.size,
    same_bytes:
      document.sha256 === createHash("sha256").update(pdf).digest("hex") &&
      document.size === pdf.length,
  });

  const application = await seeker.POST("/v1/me/applications", {
    params: { header: { "idempotency-key": randomUUID() } },
    body: { job_number: job.job_number, motivation: MOTIVATION, document_ids: [document.id] },
  });
  if (!application.data) {
    fail("apply", application.response, application.error);
  }
  report("apply", {
    status: application.response.status,
    channel: application.data.channel,
    job_number: application.data.job_number,
  });

  const path = { application_id: application.data.id };
  const read = await seeker.GET("/v1/me/applications/{application_id}", { params: { path } });
  if (!read.data) {
    fail("application", read.response, read.error);
  }
  const posting = await seeker.GET("/v1/me/applications/{application_id}/posting", {
    params: { path },
  });
  if (!posting.data) {
    fail("posting", posting.response, posting.error);
  }
  report("application", {
    job_number: read.data.job_number,
    title: read.data.title,
    motivation: read.data.motivation,
    documents: read.data.documents.map((d) => d.id),
    uploaded: document.id,
    result: read.data.result,
    posting_title: posting.data.title,
  });
}

async function employerWalk(): Promise<void> {
  const employer = await person(setting("EMPLOYER_USERNAME"), setting("EMPLOYER_PASSWORD"));
  const posted = await employer.POST("/v1/employer/jobs", {
    body: {
      title: "介護職員（夜勤なし）",
      occupation_code: "055-01",
      occupation_name: "介護職員",
      description: "グループホームでの生活支援と介助。未経験歓迎、資格取得支援あり。",
      employment_type: "regular",
      working_style: "full_time",
      wage_unit: "monthly",
      wage_min: 215_000,
      wage_max: 265_000,
      working_hours: "8:30〜17:30（休憩60分）",
      prefecture_code: "13",
      municipality_code: "13101",
      accepts_online_applications: true,
      publishes_employer_name: true,
    },
  });
  if (!posted.data) {
    fail("post a job", posted.response, posted.error);
  }
  const job = posted.data;
  report("job", {
    status: posted.response.status,
    title: job.title,
    employer_name: job.employer_name,
    state: job.state,
  });

  // Someone applies, so that the employer has an applicant to answer.
  const seeker = await person(setting("SECOND_SEEKER_USERNAME"), setting("SEEKER_PASSWORD"));
  const applied = await seeker.POST("/v1/me/applications", {
    body: { job_number: job.job_number, motivation: MOTIVATION },
  });
  if (!applied.data) {
    fail("apply", applied.response, applied.error);
  }
  const application = applied.data;

  const applicants = await employer.GET("/v1/employer/jobs/{job_number}/applications", {
    params: { path: { job_number: job.job_number } },
  });
  if (!applicants.data) {
    fail("applicants", applicants.response, applicants.error);
  }
  const applicant = applicants.data.items.find((a) => a.id === application.id);
  report("applicants", {
    count: applicants.data.items.length,
    name: applicant?.applicant.name ?? null,
    motivation: applicant?.motivation ?? null,
    result: applicant ? applicant.result : "(not listed)",
  });

  const recorded = await employer.POST(
    "/v1/employer/applications/{application_id}/selection-result",
    { params: { path: { application_id: application.id } }, body: { result: "hired" } },
  );
  if (!recorded.data) {
    fail("result", recorded.response, recorded.error);
  }
  const seen = await seeker.GET("/v1/me/applications/{application_id}", {
    params: { path: { application_id: application.id } },
  });
  if (!seen.data) {
    fail("result seen", seen.response, seen.error);
  }
  report("result", {
    status: recorded.response.status,
    recorded: recorded.data.result,
    seen_by_seeker: seen.data.result,
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
  const message = sent.data;
  const thread = await partner.GET("/v1/partner/threads/{thread_id}/messages", {
    params: { path: { thread_id: message.thread_id } },
  });
  if (!thread.data) {
    fail("thread", thread.response, thread.error);
  }
  report("message", {
    status: sent.response.status,
    thread_id: message.thread_id,
    direction: message.direction,
    subject: message.subject,
    in_thread: thread.data.items.some((m) => m.id === message.id),
  });
}

await seekerWalk();
await employerWalk();
await partnerWalk();
