// Server-Sent Events read from a fetch stream. EventSource cannot send an Authorization header, and
// the token must not go into the URL, so the stream is parsed here (the text/event-stream format:
// "event:" and "data:" lines, a blank line ends an event).
import { headers, SIGNED_OUT } from "./api";

/** Reads events from `path` until `signal` aborts; `onState` hears "live", "lost" or an error. */
export async function streamEvents(
  path: string,
  onEvent: (event: string, data: string) => void,
  onState: (state: "live" | "lost", status?: number) => void,
  signal: AbortSignal,
): Promise<void> {
  const res = await fetch(path, { headers: headers({ Accept: "text/event-stream" }), signal });
  if (res.status === 401) window.dispatchEvent(new CustomEvent(SIGNED_OUT));
  if (!res.ok || !res.body) {
    onState("lost", res.status);
    return;
  }
  onState("live");
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let event = "message";
        const data: string[] = [];
        for (const line of block.split("\n")) {
          if (line.startsWith("event:")) event = line.slice(6).trim();
          else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
        }
        if (data.length > 0) onEvent(event, data.join("\n"));
      }
    }
  } catch (e) {
    if (signal.aborted) return;
  }
  if (!signal.aborted) onState("lost");
}
