using OpenFineTune.Engine.Models;
using OpenFineTune.Engine.Models.BuiltIn;
using OpenFineTune.Engine.Peft;
using OpenFineTune.Engine.Tests.Models;
using OpenFineTune.Engine.Training;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Tests.Training;

/// <summary>Checkpointed layers give the plain run's loss and LoRA gradients, dropout included (memory: the training benchmark).</summary>
public sealed class GradientCheckpointingTests : IDisposable
{
    readonly TempDirectory data = new();

    public void Dispose() => data.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CheckpointedRunHasThePlainRunsLossAndGradients(bool nf4)
    {
        var directory = BuiltInModel.EnsureCreated(data.Path);
        using var seed = new Generator(3);
        using var ids = randint(0, 256, [2, 48], generator: seed);
        var (plainLoss, plainGrads) = LossAndGradients(directory, ids, nf4, checkpointing: false);
        var (loss, grads) = LossAndGradients(directory, ids, nf4, checkpointing: true);

        Assert.Equal(plainLoss, loss, 5);
        Assert.Equal(plainGrads.Keys.Order(), grads.Keys.Order());
        foreach (var (key, plain) in plainGrads)
        {
            Assert.True(plain.abs().max().item<float>() > 0, $"{key}: no gradient reached it");
            Assert.True(plain.allclose(grads[key], rtol: 1e-4, atol: 1e-6), $"{key}: gradients differ");
        }
    }

    /// <summary>One forward/backward with dropout 0.1 and B ≠ 0 (so A gets gradients too); returns the loss and every LoRA gradient.</summary>
    static (double Loss, Dictionary<string, Tensor> Grads) LossAndGradients(string directory, Tensor ids, bool nf4, bool checkpointing)
    {
        using var model = ModelDirectory.Load(directory, "float32");
        var settings = new LoraSettings { Dropout = 0.1, Quantization = nf4 ? BaseQuantization.Nf4 : BaseQuantization.None };
        using var init = new Generator(1);
        var injection = LoraInjector.Inject(model, settings, init);
        using (no_grad())
            foreach (var adapter in injection.Adapters.Values) adapter.LoraB.copy_(randn(adapter.LoraB.shape, generator: init) * 0.01);
        using var dropout = new Generator(9);
        injection.UseDropoutGenerator(dropout);
        if (checkpointing) GradientCheckpointing.Enable(model, dropout);
        model.train();
        var logits = model.forward(ids);
        var loss = nn.functional.cross_entropy(logits[.., ..^1].reshape(-1, logits.shape[2]), ids[.., 1..].reshape(-1));
        loss.backward();
        return (loss.item<float>(), injection.TrainableParameters.ToDictionary(p => p.Key, p => p.Value.grad!.clone()));
    }
}
