using System.Text;

namespace OpenFineTune.Server.Tests;

static class Samples
{
    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>A valid one-example fine-tune file.</summary>
    public static byte[] OneChat { get; } = Utf8("""{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"hello"}]}""" + "\n");
}
