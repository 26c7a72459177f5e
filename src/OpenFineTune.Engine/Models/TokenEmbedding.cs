using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Models;

/// <summary>
/// The token embedding table (<c>embed_tokens.weight</c>, [vocab, hidden]). Our own module rather than
/// nn.Embedding_from_pretrained, whose forward in TorchSharp 0.107 did not read the registered (loaded) weight.
/// </summary>
public sealed class TokenEmbedding : nn.Module<Tensor, Tensor>
{
    readonly Parameter weight; // [vocab, hidden]

    public TokenEmbedding(long vocab, long hidden, ScalarType dtype, Device device) : base(nameof(TokenEmbedding))
    {
        weight = new Parameter(empty([vocab, hidden], dtype, device), requires_grad: false);
        RegisterComponents();
    }

    public Tensor Weight => weight;

    /// <summary>ids [B, T] → [B, T, hidden].</summary>
    public override Tensor forward(Tensor ids)
    {
        using var scope = NewDisposeScope();
        var rows = weight.index_select(0, ids.reshape(-1));
        return rows.view(ids.shape[0], ids.shape[1], weight.shape[1]).MoveToOuterDisposeScope();
    }
}
