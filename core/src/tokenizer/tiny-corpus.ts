// A fixed English sample that generated tokenizers learn their first merges from, so common
// words get short encodings. Changing it changes every generated tokenizer: keep it stable.
export const TINY_CORPUS = `
The model learns low rank updates. The runner swaps soft prompts quickly, and the server keeps
many adapters in memory. Training a language model means predicting the next token: the loss
is the cross entropy between the predicted distribution and the token that really comes next.
We fine-tune the model on a small dataset of questions and answers. Each example has a prompt
and a response, and only the response tokens count toward the loss. The learning rate warms up,
then decays. The optimizer keeps two moments for every trainable parameter. When the gradient
norm grows too large, we clip it. After each epoch we evaluate the model on held-out data and
save a checkpoint, so a job that stops can resume from where it was.
Adapters are small: a low rank adapter adds two thin matrices to each attention projection.
Prefix tuning learns keys and values that every layer attends to. Prompt tuning learns a few
virtual token embeddings in front of the input. The base model stays frozen, and one server
can answer requests for many tasks at once, because each request names its adapter.
Hello, world! This is a test of the tokenizer with numbers like 123, 456 and 2024, and with
punctuation: commas, periods, colons; quotes "like these" and 'these'. Is it working? Yes!
The quick brown fox jumps over the lazy dog. She sells sea shells by the sea shore.
In the beginning there was text, and the text was split into words, and the words into pieces.
`;
