import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ByteTokenizer } from './byte-tokenizer.ts';
import { Template } from '@huggingface/jinja';
import { CHATML_TEMPLATE, ChatTemplate } from './chat-template.ts';
import { Encoder } from './encode.ts';
import { ExampleArena } from './example.ts';
import { encodeChat, encodeCompletion } from './encode-lm.ts';
import { LabelVocab } from './label-vocab.ts';
import type { AnyRecord } from './schemas.ts';
import { truncate } from './truncate.ts';
import { mulberry32 } from './random.ts';
import { IGNORE_INDEX, type TokenizerLike } from './types.ts';

const tok = new ByteTokenizer({ bos: true });
const bytes = (s: string) => Array.from(new TextEncoder().encode(s));
const trained = (labels: Int32Array) => Array.from(labels).filter((l) => l !== IGNORE_INDEX);

test('completion: the loss mask covers exactly the completion tokens and EOS', () => {
  const ex = encodeCompletion('Q: 2+2?\nA:', ' 4', tok);
  assert.deepEqual(Array.from(ex.input_ids), [258, ...bytes('Q: 2+2?\nA:'), ...bytes(' 4'), 256]);
  assert.deepEqual(Array.from(ex.labels), [...Array(1 + 'Q: 2+2?\nA:'.length).fill(IGNORE_INDEX), ...bytes(' 4'), 256]);
});

test('chat: only assistant turns (with their end token) are trained, found by incremental rendering', () => {
  const messages = [
    { role: 'system' as const, content: 'Be brief.' },
    { role: 'user' as const, content: 'Hi' },
    { role: 'assistant' as const, content: 'Hello!' },
    { role: 'user' as const, content: 'Bye' },
    { role: 'assistant' as const, content: 'See you.' },
  ];
  const template = new ChatTemplate();
  const ex = encodeChat(messages, tok, template);
  const full = template.render(messages);
  assert.ok(full.startsWith('<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\nHello!<|im_end|>\n'));
  assert.deepEqual(Array.from(ex.input_ids), tok.encode(full));
  const imEnd = 260;
  assert.deepEqual(trained(ex.labels), [...bytes('Hello!'), imEnd, ...bytes('See you.'), imEnd]);
  // the trained positions are contiguous spans ending in <|im_end|>
  const firstTrained = ex.labels.findIndex((l) => l !== IGNORE_INDEX);
  assert.equal(ex.input_ids[firstTrained - 1], bytes('\n')[0]); // right after "<|im_start|>assistant\n"
});

test('the built-in ChatML renderer matches the Jinja ChatML template', () => {
  const messages = [
    { role: 'system' as const, content: 'S' },
    { role: 'user' as const, content: 'multi\nline {{ not jinja }}' },
    { role: 'assistant' as const, content: '' },
    { role: 'tool' as const, content: '{"x": 1}' },
  ];
  const jinja = new Template(CHATML_TEMPLATE);
  for (const gen of [false, true]) {
    assert.equal(new ChatTemplate().render(messages, gen), jinja.render({ messages, add_generation_prompt: gen, bos_token: '', eos_token: '' }));
  }
});

test('built-in ChatML spans equal the incremental-rendering spans of the Jinja ChatML template', () => {
  const messages = [
    { role: 'system' as const, content: 'S' },
    { role: 'user' as const, content: 'u1' },
    { role: 'assistant' as const, content: 'a1  ' },
    { role: 'tool' as const, content: 't' },
    { role: 'assistant' as const, content: '' },
    { role: 'user' as const, content: 'u2' },
    { role: 'assistant' as const, content: 'a\n3' },
  ];
  const native = encodeChat(messages, tok, new ChatTemplate());
  const jinja = encodeChat(messages, tok, new ChatTemplate({ native: false }));
  assert.deepEqual(native, jinja);
  assert.deepEqual(trained(native.labels), [...bytes('a1  '), 260, 260, ...bytes('a\n3'), 260]);
});

test('chat with a model template from tokenizer_config (Llama-2 style, bos_token)', () => {
  const llama = "{{ bos_token }}{% for m in messages %}{% if m['role'] == 'user' %}{{ '[INST] ' + m['content'] + ' [/INST]' }}{% else %}{{ ' ' + m['content'] + eos_token }}{% endif %}{% endfor %}";
  const t = new ByteTokenizer({ specialTokens: ['<s>', '</s>'] });
  const ex = encodeChat([{ role: 'user', content: 'Q' }, { role: 'assistant', content: 'A' }], t, new ChatTemplate({ template: llama, bosToken: '<s>', eosToken: '</s>' }));
  assert.deepEqual(Array.from(ex.input_ids), t.encode('<s>[INST] Q [/INST] A</s>'));
  assert.deepEqual(trained(ex.labels), [...bytes(' A'), 260]);
});

test('chat spans fall back to prefix encodings when pieces do not re-tokenize the same', () => {
  // 2 characters a token: encoding pieces separately splits pairs differently than the whole
  const pairs: TokenizerLike = { encode: (s) => Array.from({ length: Math.ceil(s.length / 2) }, (_, i) => s.charCodeAt(2 * i) * 65536 + (s.charCodeAt(2 * i + 1) || 0)) };
  const template = new ChatTemplate();
  const messages = [{ role: 'user' as const, content: 'odd' }, { role: 'assistant' as const, content: 'Reply here' }];
  const ex = encodeChat(messages, pairs, template);
  const full = pairs.encode(template.render(messages));
  assert.deepEqual(Array.from(ex.input_ids), full);
  // boundaries = longest common prefix of the prefix's encoding with the full encoding
  const lcp = (p: number[]) => p.findIndex((id, i) => id !== full[i]) === -1 ? p.length : p.findIndex((id, i) => id !== full[i]);
  const start = lcp(pairs.encode(template.render(messages.slice(0, 1), true)));
  const end = lcp(pairs.encode(template.render(messages).trimEnd()));
  assert.ok(end - start >= 'Reply here'.length / 2);
  const expected = full.map((id, t) => (t >= start && t < end ? id : IGNORE_INDEX));
  assert.deepEqual(Array.from(ex.labels), expected);
  // a template that is not prefix-stable (marks the last message): the reply is located in the full render
  const marked = "{% for m in messages %}{{ m['role'] + ': ' + m['content'] }}{% if loop.last %}{{ ' [END]' }}{% endif %}{{ '\\n' }}{% endfor %}{% if add_generation_prompt %}{{ 'assistant: ' }}{% endif %}";
  const t2 = new ChatTemplate({ template: marked });
  const ex2 = encodeChat(messages, tok, t2);
  assert.equal(t2.render(messages), 'user: odd\nassistant: Reply here [END]\n');
  assert.deepEqual(trained(ex2.labels), bytes('Reply here [END]'));
});

test('truncation keeps the start (right) or the end (left)', () => {
  const ex = { input_ids: Int32Array.of(1, 2, 3, 4, 5), labels: Int32Array.of(-100, -100, 3, 4, 5) };
  assert.deepEqual(Array.from(truncate(ex, 3, 'right').input_ids), [1, 2, 3]);
  assert.deepEqual(Array.from(truncate(ex, 3, 'left').labels), [3, 4, 5]);
  assert.equal(truncate(ex, 10), ex);
});

test('classification: class indices from first appearance, a given vocabulary, or integer labels', () => {
  const enc = new Encoder({ tokenizer: tok });
  const a = enc.encode({ kind: 'classification', data: { text: 'good', label: 'pos' } });
  const b = enc.encode({ kind: 'classification', data: { text: 'bad', label: 'neg' } });
  assert.deepEqual([a.target, b.target], [0, 1]);
  assert.deepEqual(Array.from(a.input_ids), [258, ...bytes('good')]);
  assert.ok(a.labels.every((l) => l === IGNORE_INDEX));
  const fixed = new Encoder({ tokenizer: tok, labels: ['neg', 'pos'] });
  assert.equal(fixed.encode({ kind: 'classification', data: { text: 'x', label: 'pos' } }).target, 1);
  assert.throws(() => fixed.encode({ kind: 'classification', data: { text: 'x', label: 'meh' } }), /unknown label "meh"/);
  const ints = new LabelVocab();
  assert.equal(ints.id(3), 3);
  assert.throws(() => ints.id('x'), /mix integers and strings/);
});

test('regression keeps the value as target', () => {
  const ex = new Encoder({ tokenizer: tok }).encode({ kind: 'regression', data: { text: 'hi', value: 0.25 } });
  assert.equal(ex.target, 0.25);
});

test('tagging: each word tag sits on its first sub-token, other sub-tokens and specials ignored', () => {
  // sub-word tokenizer stand-in: 2 characters per token
  const pairs: TokenizerLike = { encode: (s) => Array.from({ length: Math.ceil(s.length / 2) }, (_, i) => 1000 + s.charCodeAt(i * 2)), bosTokenId: 1, eosTokenId: 2 };
  const enc = new Encoder({ tokenizer: pairs, tags: ['O', 'B-PER', 'I-PER'] });
  const ex = enc.encode({ kind: 'tagging', data: { tokens: ['Johnny', 'is', 'here'], tags: ['B-PER', 'O', 'O'] } });
  // "Johnny" -> 3 tokens, " is" -> 2, " here" -> 3
  assert.equal(ex.input_ids.length, 1 + 3 + 2 + 3 + 1);
  assert.deepEqual(Array.from(ex.labels), [-100, 1, -100, -100, 0, -100, 0, -100, -100, -100]);
});

test('qa becomes a completion of a Context/Question prompt', () => {
  const enc = new Encoder({ tokenizer: tok });
  const ex = enc.encode({ kind: 'qa', data: { context: 'Sky is blue.', question: 'Color?', answer: 'blue' } });
  assert.deepEqual(trained(ex.labels), [...bytes('blue'), 256]);
  assert.deepEqual(Array.from(ex.input_ids.subarray(1, 1 + 'Context: Sky is blue.\n'.length)), bytes('Context: Sky is blue.\n'));
});

test('label vocabulary: integer and string labels do not mix, in either order', () => {
  const strFirst = new LabelVocab();
  assert.equal(strFirst.id('a'), 0);
  assert.throws(() => strFirst.id(1), /mix integers and strings/);
  const loose = new LabelVocab([], { strictTypes: false });
  assert.equal(loose.id(4), 4);
  assert.equal(loose.id('x'), 0);
  const given = new LabelVocab(['0', '1']);
  assert.equal(given.id(1), 1); // explicit names: integers are looked up by name
});

test('byte tokenizer: UTF-8 bytes, literal special tokens, optional BOS', () => {
  const t = new ByteTokenizer({ bos: true });
  assert.deepEqual(t.encode('hé'), [104, 195, 169]);
  assert.deepEqual(t.encode('hé', { addSpecialTokens: true }), [258, 104, 195, 169]);
  assert.deepEqual(t.encode('x<|im_end|><|im_start|>y'), [120, 260, 259, 121]);
  assert.deepEqual(t.encode(''), []);
});

test('byte tokenizer equals the plain rule: UTF-8 of the text between specials, earliest special first, ties to the first listed', () => {
  // written the obvious way: walk the text, take a special where one starts, encode the rest
  const reference = (s: string, specials: string[], bos?: number) => {
    const out: number[] = bos === undefined ? [] : [bos];
    let run = '';
    for (let i = 0; i < s.length; ) {
      const k = specials.findIndex((sp) => s.startsWith(sp, i));
      if (k < 0) run += s[i++];
      else {
        out.push(...bytes(run), 259 + k);
        run = '';
        i += specials[k]!.length;
      }
    }
    return [...out, ...bytes(run)];
  };
  const rand = mulberry32(11);
  const pieces = ['a', 'é', ' ', '<', '|', '>', '<|im_start|>', '<|im_end|>', '<|im_st', 'end|>', '<a>', '<ab>', '<a', 'b>', 'é!', '😀', '\ud800', '\udc00', '中', '\n'];
  for (const specials of [['<|im_start|>', '<|im_end|>'], ['<ab>', '<a>', 'é!'], ['<a>', '<ab>', '😀']]) {
    const t = new ByteTokenizer({ specialTokens: specials, bos: true });
    for (let trial = 0; trial < 400; trial++) {
      const s = Array.from({ length: Math.floor(rand() * 30) }, () => pieces[Math.floor(rand() * pieces.length)]).join('');
      assert.deepEqual(t.encode(s), reference(s, specials), JSON.stringify(s));
      assert.deepEqual(Array.from(t.encodeIds(s, { addSpecialTokens: true })), reference(s, specials, 258), JSON.stringify(s));
    }
  }
  for (const bad of ['', '\ud800x', 'a\ufffd']) assert.throws(() => new ByteTokenizer({ specialTokens: [bad] }), RangeError);
});

test('byte tokenizer fast paths: encodeIds equals encode, tokenOffsets equals re-encoding the prefixes', () => {
  const texts = ['', 'plain ascii', 'é😀 <|im_start|>user\nhi<|im_end|>\n<|im_start|>x', '<|im_end|><|im_end|>a\ud800b', 'tail <|im_st'];
  for (const t of [tok, new ByteTokenizer()]) {
    for (const s of texts) {
      for (const add of [false, true]) assert.deepEqual(Array.from(t.encodeIds(s, { addSpecialTokens: add })), t.encode(s, { addSpecialTokens: add }), s);
      const all = t.encode(s);
      const allowed: number[] = [];
      for (let c = 0; c <= s.length; c++) {
        const got = t.tokenOffsets(s, [c]);
        if (got === undefined) continue;
        // the offset is the prefix's length, and the prefix encodes to the head of the whole
        const pre = t.encode(s.slice(0, c));
        assert.equal(got[0], pre.length, `${s} @${c}`);
        assert.deepEqual(all.slice(0, pre.length), pre);
        allowed.push(c);
      }
      assert.ok(allowed.includes(0) && allowed.includes(s.length));
      assert.deepEqual(t.tokenOffsets(s, allowed), allowed.map((c) => t.encode(s.slice(0, c)).length));
    }
  }
  // offsets of a text other than the one encoded last
  const chat = '<|im_start|>user\nhé<|im_end|>\n<|im_start|>assistant\n😀 ok<|im_end|>\n';
  tok.encodeIds('something else <|im_end|>');
  assert.deepEqual(tok.tokenOffsets(chat, [52, 67]), [52, 67].map((c) => tok.encode(chat.slice(0, c)).length));
  // cuts inside a special or a surrogate pair are refused
  assert.equal(tok.tokenOffsets('a<|im_end|>', [3]), undefined);
  assert.equal(tok.tokenOffsets('a😀', [2]), undefined);
  assert.equal(tok.tokenOffsets('ab', [1, 3]), undefined);
});

test('chat: the tokenizer offsets give the same loss mask as piecewise encoding', () => {
  const messages = [
    { role: 'system' as const, content: 'Sé brève 😀' },
    { role: 'user' as const, content: 'Hi <|im_end|> there' },
    { role: 'assistant' as const, content: 'Hello!' },
    { role: 'user' as const, content: 'Bye' },
    { role: 'assistant' as const, content: '' },
  ];
  const plain: TokenizerLike = { encode: (s, o) => tok.encode(s, o), eosTokenId: tok.eosTokenId }; // no fast paths
  const a = encodeChat(messages, tok, new ChatTemplate());
  const b = encodeChat(messages, plain, new ChatTemplate());
  assert.deepEqual(Array.from(a.input_ids), Array.from(b.input_ids));
  assert.deepEqual(Array.from(a.labels), Array.from(b.labels));
});

test('examples outlive the tokenizer buffer that encodeIds reuses; ids and labels share one buffer', () => {
  const enc = new Encoder({ tokenizer: new ByteTokenizer({ bos: true }), maxLength: 12 });
  const records = [
    { kind: 'completion' as const, data: { prompt: 'long prompt here', completion: ' and its reply' } },
    { kind: 'classification' as const, data: { text: 'short', label: 'pos' } },
    { kind: 'chat' as const, data: { messages: [{ role: 'user' as const, content: 'hi' }, { role: 'assistant' as const, content: 'yo' }] } },
    { kind: 'completion' as const, data: { prompt: 'p', completion: 'c' } },
  ];
  const copy = (e: { input_ids: Int32Array; labels: Int32Array }) => [Array.from(e.input_ids), Array.from(e.labels)];
  const alone = records.map((r) => copy(new Encoder({ tokenizer: new ByteTokenizer({ bos: true }), maxLength: 12 }).encode(r)));
  const kept = records.map((r) => enc.encode(r)); // each call reuses the tokenizer's buffers
  assert.deepEqual(kept.map(copy), alone);
  for (const e of kept) assert.equal(e.input_ids.buffer, e.labels.buffer);
});

test('scratch examples: every kind encodes as with arrays of its own, in one reused buffer that grows when full', () => {
  const records = [
    { kind: 'completion', data: { prompt: 'Q?', completion: ' yes' } },
    { kind: 'chat', data: { messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'hello' }] } },
    { kind: 'classification', data: { text: 'good', label: 'pos' } },
    { kind: 'regression', data: { text: 'ok', value: 0.5 } },
    { kind: 'tagging', data: { tokens: ['Ann', 'ran'], tags: ['B-PER', 'O'] } },
    { kind: 'completion', data: { prompt: 'p'.repeat(40), completion: 'c'.repeat(40) } }, // truncated to 16
  ] satisfies AnyRecord[];
  const own = new Encoder({ tokenizer: tok, maxLength: 16 });
  const scratch = new ExampleArena();
  const viaScratch = new Encoder({ tokenizer: tok, maxLength: 16 }, { alloc: scratch.alloc });
  const flat = (e: { input_ids: Int32Array; labels: Int32Array; target?: number }) => [Array.from(e.input_ids), Array.from(e.labels), e.target];
  const buffers = new Set<ArrayBufferLike>();
  for (const rec of records) {
    scratch.reset();
    const e = viaScratch.encode(rec);
    assert.deepEqual(flat(e), flat(own.encode(rec)), rec.kind);
    assert.equal(e.labels.buffer, e.input_ids.buffer);
    buffers.add(e.input_ids.buffer);
  }
  assert.equal(buffers.size, 1, 'reset() reuses the buffer');
  // without reset, it fills up: another buffer follows and earlier examples keep their content
  const big: AnyRecord = { kind: 'completion', data: { prompt: '', completion: 'z'.repeat(100_000) } };
  const first = new Encoder({ tokenizer: tok }, { alloc: scratch.alloc }).encode(big);
  const copy = flat(first);
  const second = new Encoder({ tokenizer: tok }, { alloc: scratch.alloc }).encode(big);
  assert.notEqual(second.input_ids.buffer, first.input_ids.buffer);
  assert.deepEqual(flat(first), copy);
});
