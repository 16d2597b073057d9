"""Rebuild `course_sample.webm`, the demo's online-course video (60 s, 320×180 VP8, ~25 KB).

    DJANGO_SETTINGS_MODULE=gonghui.settings.test python gonghui/demo/data/make_course_video.py

Chromium (Debian's, as the browser tests use) draws a title and a running clock on a canvas at
2 frames a second and records it with MediaRecorder: no ffmpeg is needed, and the file is small
enough to keep in git. Chromium's recorder writes the duration and the cues (seeking works); the
recorded length is a little under `SECONDS` (the last frame's time), the seed enters `SECONDS`.
"""

import base64
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
OUT = HERE / "course_sample.webm"
SECONDS = 60
TITLE = "工匠学院 · 线上课程示例"

RECORD = """async ([seconds, title]) => {
  const canvas = document.createElement("canvas");
  canvas.width = 320; canvas.height = 180;
  document.body.appendChild(canvas);
  const g = canvas.getContext("2d");
  const recorder = new MediaRecorder(canvas.captureStream(2),
    {mimeType: "video/webm;codecs=vp8", videoBitsPerSecond: 20000});
  const chunks = [];
  recorder.ondataavailable = (e) => chunks.push(e.data);
  const stopped = new Promise((resolve) => { recorder.onstop = resolve; });
  recorder.start();
  const t0 = performance.now();
  await new Promise((resolve) => {
    const draw = () => {
      const s = Math.floor((performance.now() - t0) / 1000);
      g.fillStyle = "#8b1a1a"; g.fillRect(0, 0, 320, 180);
      g.fillStyle = "#fff"; g.textAlign = "center";
      g.font = "20px sans-serif"; g.fillText(title, 160, 80);
      g.font = "16px sans-serif"; g.fillText("示例视频 " + s + " / " + seconds + " 秒", 160, 115);
      if (performance.now() - t0 >= seconds * 1000) { resolve(); return; }
      setTimeout(draw, 250);
    };
    draw();
  });
  recorder.stop();
  await stopped;
  const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
  let text = "";
  for (let i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]);
  return btoa(text);
}"""


def main() -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page()
        page.set_content("<html><body></body></html>")
        data = base64.b64decode(page.evaluate(RECORD, [SECONDS, TITLE]))
        browser.close()
    OUT.write_bytes(data)
    print(f"{OUT}: {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
