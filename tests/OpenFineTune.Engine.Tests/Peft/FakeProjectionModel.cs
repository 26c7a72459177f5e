using OpenFineTune.Engine.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Tests.Peft;

/// <summary>
/// A two-layer stand-in with HF-style paths (model.layers.N.{q_proj,v_proj,up_proj}) and a non-projection parameter,
/// so injection can be tested without the real model code.
/// </summary>
sealed class FakeProjectionModel : nn.Module<Tensor, Tensor>
{
    readonly FakeDecoder model;

    public FakeProjectionModel(int dim, int seed) : base(nameof(FakeProjectionModel))
    {
        using var g = new Generator((ulong)seed);
        model = new FakeDecoder(dim, g);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => model.call(x);

    sealed class FakeDecoder : nn.Module<Tensor, Tensor>
    {
        readonly ModuleList<FakeBlock> layers;

        public FakeDecoder(int dim, Generator g) : base(nameof(FakeDecoder))
        {
            layers = nn.ModuleList(new FakeBlock(dim, g), new FakeBlock(dim, g));
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            foreach (var layer in layers) x = layer.call(x);
            return x;
        }
    }
}

sealed class FakeBlock : nn.Module<Tensor, Tensor>, IProjectionOwner
{
    nn.Module<Tensor, Tensor> q_proj;
    nn.Module<Tensor, Tensor> v_proj;
    nn.Module<Tensor, Tensor> up_proj;
    readonly Parameter norm_weight;

    public FakeBlock(int dim, Generator g) : base(nameof(FakeBlock))
    {
        q_proj = Dense(dim, dim, g);
        v_proj = Dense(dim, dim, g);
        up_proj = Dense(dim, 2 * dim, g);
        norm_weight = new Parameter(ones(dim));
        RegisterComponents();
    }

    static Linear Dense(int input, int output, Generator g)
    {
        var linear = nn.Linear(input, output, hasBias: true);
        using var noGrad = no_grad();
        linear.weight!.copy_(randn([output, input], generator: g) * 0.1f);
        linear.bias!.copy_(randn([output], generator: g) * 0.1f);
        return linear;
    }

    public IReadOnlyDictionary<string, nn.Module<Tensor, Tensor>> Projections =>
        new Dictionary<string, nn.Module<Tensor, Tensor>> { ["q_proj"] = q_proj, ["v_proj"] = v_proj, ["up_proj"] = up_proj };

    public void ReplaceProjection(string name, nn.Module<Tensor, Tensor> replacement)
    {
        register_module(name, null!);
        register_module(name, replacement);
        switch (name)
        {
            case "q_proj": q_proj = replacement; break;
            case "v_proj": v_proj = replacement; break;
            case "up_proj": up_proj = replacement; break;
            default: throw new ArgumentException(name);
        }
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = v_proj.call(q_proj.call(x * norm_weight));
        var up = up_proj.call(h);
        return (x + up.narrow(-1, 0, x.shape[^1])).MoveToOuterDisposeScope();
    }
}
