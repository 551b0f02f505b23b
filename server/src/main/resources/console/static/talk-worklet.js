// The browser device's microphone tap (an AudioWorklet: a static file, as the console's CSP allows
// only its own scripts). Turns the capture, at whatever rate the audio context runs, into what
// SpeechRecognizer.Recognize takes: 16 kHz, 16-bit little-endian, mono PCM, posted in 100 ms chunks.
"use strict";

const TARGET_RATE = 16000;
const CHUNK_SAMPLES = 1600; // 100 ms

class CicCapture extends AudioWorkletProcessor {
  constructor() {
    super();
    this.step = sampleRate / TARGET_RATE; // input samples per output sample (3 at 48 kHz)
    this.sum = 0; // the running box filter over one output sample's inputs (a low-pass before decimating)
    this.count = 0;
    this.position = 0; // input samples into the current output sample
    this.out = new Int16Array(CHUNK_SAMPLES);
    this.filled = 0;
  }

  process(inputs) {
    const input = inputs[0];
    if (!input || input.length === 0) {
      return true;
    }
    const channels = input.length;
    const frames = input[0].length;
    for (let i = 0; i < frames; i++) {
      let s = 0;
      for (let c = 0; c < channels; c++) {
        s += input[c][i];
      }
      this.sum += s / channels;
      this.count++;
      this.position++;
      if (this.position >= this.step) {
        this.position -= this.step;
        const v = Math.max(-1, Math.min(1, this.sum / this.count));
        this.sum = 0;
        this.count = 0;
        this.out[this.filled++] = v < 0 ? v * 0x8000 : v * 0x7fff;
        if (this.filled === CHUNK_SAMPLES) {
          // Int16Array is little-endian on every platform browsers run on.
          this.port.postMessage(this.out.buffer, [this.out.buffer]);
          this.out = new Int16Array(CHUNK_SAMPLES);
          this.filled = 0;
        }
      }
    }
    return true;
  }
}

registerProcessor("cic-capture", CicCapture);
