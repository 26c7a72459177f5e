using OpenFineTune.Engine.Models;
using static TorchSharp.torch;
using static TorchSharp.torch.autograd;

namespace OpenFineTune.Engine.Training;

/// <summary>
/// Gradient checkpointing per decoder layer (PyTorch's reentrant <c>torch.utils.checkpoint</c>): the forward pass keeps
/// only each layer's input, and backward runs the layer again with gradients on. Less memory for one more forward per
/// layer. Dropout masks repeat because the dropout generator's state is saved before the layer and restored for the
/// recompute, so gradients equal those of the plain run.
/// </summary>
public static class GradientCheckpointing
{
    /// <summary>Runs every layer of <paramref name="model"/> through the checkpoint while gradients are recorded.</summary>
    public static void Enable(CausalLM model, Generator? dropoutGenerator) =>
        model.Decoder.RunLayer = (layer, hidden, inputs, index) => is_grad_enabled()
            ? CheckpointedLayer.apply(RequiringGrad(hidden), layer, index, inputs, dropoutGenerator!)
            : layer.forward(hidden, inputs, index);

    // The frozen embeddings' output needs no gradient, but an autograd function whose inputs need none is left out of
    // the graph, and its layer's LoRA weights would get none (HF's enable_input_require_grads does the same).
    static Tensor RequiringGrad(Tensor hidden) => hidden.requires_grad ? hidden : hidden.detach().requires_grad_(true);

    sealed record Saved(Tensor Input, DecoderLayer Layer, int Index, AttentionInputs Inputs, Generator? Generator, Tensor? RngState) : IDisposable
    {
        public void Dispose()
        {
            foreach (var t in new[] { Input, Inputs.Cos, Inputs.Sin, RngState }.Concat(Inputs.Groups.Select(g => g.Mask))) t?.Dispose();
        }
    }

    sealed class CheckpointedLayer : SingleTensorFunction<CheckpointedLayer>
    {
        const string SavedKey = "saved";

        public override string Name => nameof(CheckpointedLayer);

        public override Tensor forward(AutogradContext ctx, params object[] vars)
        {
            var (x, layer, index, inputs, generator) = ((Tensor)vars[0], (DecoderLayer)vars[1], (int)vars[2], (AttentionInputs)vars[3], vars[4] as Generator);
            // Handles of our own (outside every dispose scope): the caller's scope ends before backward runs.
            var kept = new AttentionInputs(Keep(inputs.Cos)!, Keep(inputs.Sin)!, [.. inputs.Groups.Select(g => g with { Mask = Keep(g.Mask) })]);
            ctx.save_data(SavedKey, new Saved(Keep(x)!, layer, index, kept, generator, generator?.get_state().DetachFromDisposeScope()));
            using var noGrad = no_grad();
            return layer.forward(x, inputs, index);
        }

        public override List<Tensor> backward(AutogradContext ctx, Tensor grad_output)
        {
            using var saved = (Saved)ctx.get_data(SavedKey);
            using var scope = NewDisposeScope();
            if (saved.RngState is { } state) saved.Generator!.set_state(state);
            using var withGrad = enable_grad();
            var x = saved.Input.detach().requires_grad_(true);
            var y = saved.Layer.forward(x, saved.Inputs, saved.Index);
            y.backward([grad_output]); // accumulates the layer's LoRA gradients; x.grad flows to the layer below
            return [x.grad!.MoveToOuterDisposeScope(), null!, null!, null!, null!];
        }

        static Tensor? Keep(Tensor? t) => t?.detach().DetachFromDisposeScope();
    }
}
