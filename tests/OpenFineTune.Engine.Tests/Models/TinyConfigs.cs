using OpenFineTune.Engine.Models;

namespace OpenFineTune.Engine.Tests.Models;

/// <summary>Small configs of each family for tests that need a model made in code.</summary>
static class TinyConfigs
{
    public static DecoderConfig Of(ModelFamily family, int? slidingWindow = null) => new()
    {
        Architectures = [family.Architecture], ModelType = family.ModelType,
        VocabSize = 48, HiddenSize = 32, IntermediateSize = 40, NumHiddenLayers = 2,
        NumAttentionHeads = 4, NumKeyValueHeads = 2, HeadDim = 8, RmsNormEps = 1e-6, RopeTheta = 10000,
        TieWordEmbeddings = family == ModelFamily.Qwen2, SlidingWindow = slidingWindow,
        EosTokenId = [47], BosTokenId = 46, TorchDtype = "float32",
    };
}
