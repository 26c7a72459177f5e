using System.Text;

namespace OpenFineTune.Engine.Tokenization;

/// <summary>SentencePiece piece kinds, numbered as in sentencepiece_model.proto.</summary>
internal enum PieceType { Normal = 1, Unknown = 2, Control = 3, UserDefined = 4, Unused = 5, Byte = 6 }

internal sealed record SentencePiece(string Piece, float Score, PieceType Type);

/// <summary>
/// The few fields of SentencePiece's ModelProto we need, read by hand: the pieces with scores and kinds
/// (Microsoft.ML.Tokenizers keeps them internal) and the normalizer flags.
/// </summary>
internal sealed record SentencePieceProto(
    IReadOnlyList<SentencePiece> Pieces, bool IsBpe, bool ByteFallback,
    bool AddDummyPrefix, bool RemoveExtraWhitespaces, bool EscapeWhitespaces)
{
    const ulong BpeModelType = 2;

    public static SentencePieceProto Read(byte[] data)
    {
        var pieces = new List<SentencePiece>();
        bool isBpe = false, byteFallback = false, dummyPrefix = true, removeExtra = true, escape = true;
        foreach (var (field, value) in ProtoWire.Fields(data))
        {
            if (field == 1) pieces.Add(ReadPiece(value.Bytes!));
            if (field == 2)
                foreach (var (f, v) in ProtoWire.Fields(value.Bytes!))
                {
                    if (f == 3) isBpe = v.Number == BpeModelType;
                    if (f == 35) byteFallback = v.Number != 0;
                }
            if (field == 3)
                foreach (var (f, v) in ProtoWire.Fields(value.Bytes!))
                {
                    if (f == 3) dummyPrefix = v.Number != 0;
                    if (f == 4) removeExtra = v.Number != 0;
                    if (f == 5) escape = v.Number != 0;
                }
        }
        return new SentencePieceProto(pieces, isBpe, byteFallback, dummyPrefix, removeExtra, escape);
    }

    static SentencePiece ReadPiece(byte[] data)
    {
        string piece = ""; float score = 0; var type = PieceType.Normal;
        foreach (var (f, v) in ProtoWire.Fields(data))
        {
            if (f == 1) piece = Encoding.UTF8.GetString(v.Bytes!);
            if (f == 2) score = BitConverter.Int32BitsToSingle((int)v.Number);
            if (f == 3) type = (PieceType)v.Number;
        }
        return new SentencePiece(piece, score, type);
    }
}
