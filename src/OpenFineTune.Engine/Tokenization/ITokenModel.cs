namespace OpenFineTune.Engine.Tokenization;

/// <summary>
/// The model part of a tokenizer: turns one stretch of plain text (no added tokens) into ids, and an id
/// back into the bytes it stands for. Byte-level BPE and tiktoken run on Microsoft.ML.Tokenizers; SentencePiece
/// BPE merging is ours (<see cref="SentencePieceMerger"/>). Added tokens, BOS/EOS and decoding of whole
/// sequences live in <see cref="ModelTokenizer"/>.
/// </summary>
internal interface ITokenModel
{
    /// <summary>One more than the largest id of the model vocabulary (added tokens not counted).</summary>
    int VocabSize { get; }

    /// <summary>Appends the ids of <paramref name="text"/>; <paramref name="atStart"/> is true for the first piece of the input.</summary>
    void Encode(string text, bool atStart, List<int> ids);

    /// <summary>The UTF-8 bytes the token stands for (byte-fallback pieces give their single byte).</summary>
    byte[] TokenBytes(int id);

    /// <summary>True when the decoder drops one leading space of the first token (SentencePiece's dummy prefix).</summary>
    bool StripsLeadingSpace { get; }

    string? IdToToken(int id);

    int? TokenToId(string token);
}
