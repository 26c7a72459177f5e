using System.Text;

namespace OpenFineTune.Engine.Tokenization;

/// <summary>
/// SentencePiece's BPE encoding (bpe_model.cc): start from single characters, repeatedly merge the adjacent
/// pair whose joined piece scores best, ties to the leftmost pair; pieces not in the vocabulary fall back to
/// &lt;0xNN&gt; byte pieces. User-defined pieces are cut out whole first and never merged. Written here because Microsoft.ML.Tokenizers 2.0.1's SentencePiece BPE breaks
/// ties differently (Llama 2 gives "▁! !!! !!" instead of "▁! !! !!!" for "!!!!!!").
/// </summary>
internal sealed class SentencePieceMerger
{
    readonly Dictionary<string, (int Id, float Score)> mergeable = new(StringComparer.Ordinal);
    readonly int[] byteIds;
    readonly int unkId;
    readonly Dictionary<char, string[]> userDefined;

    public SentencePieceMerger(IReadOnlyList<SentencePiece> pieces, bool byteFallback)
    {
        byteIds = Enumerable.Repeat(-1, 256).ToArray();
        unkId = Math.Max(0, pieces.ToList().FindIndex(p => p.Type == PieceType.Unknown));
        for (int id = 0; id < pieces.Count; id++)
        {
            var p = pieces[id];
            if (p.Type is PieceType.Normal or PieceType.UserDefined or PieceType.Unused) mergeable.TryAdd(p.Piece, (id, p.Score));
            else if (byteFallback && p.Type == PieceType.Byte) byteIds[Convert.ToByte(p.Piece[3..5], 16)] = id;
        }
        userDefined = pieces.Where(p => p.Type == PieceType.UserDefined && p.Piece.Length > 0)
            .GroupBy(p => p.Piece[0])
            .ToDictionary(g => g.Key, g => g.Select(p => p.Piece).OrderByDescending(p => p.Length).ToArray());
    }

    public void Encode(string text, List<int> ids)
    {
        var symbols = Symbol.Split(text, userDefined);
        var agenda = new PriorityQueue<(int Left, int Right, int Length), (float, int)>();
        for (int i = 1; i < symbols.Length; i++) Offer(text, symbols, i - 1, i, agenda);
        while (agenda.TryDequeue(out var pair, out _))
        {
            ref var left = ref symbols[pair.Left];
            ref var right = ref symbols[pair.Right];
            if (left.Length == 0 || right.Length == 0 || left.Length + right.Length != pair.Length) continue;
            left.Length += right.Length;
            left.Next = right.Next;
            if (right.Next >= 0) symbols[right.Next].Prev = pair.Left;
            right.Length = 0;
            if (left.Prev >= 0) Offer(text, symbols, left.Prev, pair.Left, agenda);
            if (left.Next >= 0) Offer(text, symbols, pair.Left, left.Next, agenda);
        }
        for (int i = 0; i >= 0 && i < symbols.Length; i = symbols[i].Next) Emit(text.Substring(symbols[i].Start, symbols[i].Length), ids);
    }

    void Offer(string text, Symbol[] symbols, int left, int right, PriorityQueue<(int, int, int), (float, int)> agenda)
    {
        if (symbols[left].Frozen || symbols[right].Frozen) return;
        int length = symbols[left].Length + symbols[right].Length;
        if (!mergeable.TryGetValue(text.Substring(symbols[left].Start, length), out var piece)) return;
        // Min-heap: best score first, then the leftmost pair.
        agenda.Enqueue((left, right, length), (-piece.Score, left));
    }

    void Emit(string piece, List<int> ids)
    {
        if (mergeable.TryGetValue(piece, out var known)) { ids.Add(known.Id); return; }
        foreach (byte b in Encoding.UTF8.GetBytes(piece))
        {
            if (byteIds[b] < 0) { ids.Add(unkId); return; }
            ids.Add(byteIds[b]);
        }
    }

    struct Symbol
    {
        public int Start, Length, Prev, Next;
        public bool Frozen;

        // One symbol per Unicode character (a surrogate pair stays together) or per user-defined piece (frozen).
        public static Symbol[] Split(string text, Dictionary<char, string[]> userDefined)
        {
            var symbols = new List<Symbol>();
            for (int i = 0; i < text.Length;)
            {
                string? user = userDefined.TryGetValue(text[i], out var candidates)
                    ? candidates.FirstOrDefault(c => string.CompareOrdinal(text, i, c, 0, c.Length) == 0) : null;
                int len = user?.Length ?? (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1);
                symbols.Add(new Symbol { Start = i, Length = len, Prev = symbols.Count - 1, Next = -1, Frozen = user is not null });
                i += len;
            }
            var array = symbols.ToArray();
            for (int i = 0; i + 1 < array.Length; i++) array[i].Next = i + 1;
            return array;
        }
    }
}
