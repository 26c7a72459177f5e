using OpenFineTune.Engine.Generation;

namespace OpenFineTune.Engine.Tests.Generation;

public class StopMatcherTests
{
    static string Stream(StopMatcher matcher, IEnumerable<string> pieces)
    {
        var text = string.Concat(pieces.Select(matcher.Push));
        return text + matcher.Flush();
    }

    [Fact]
    public void StopTextSplitAcrossPiecesIsNeverEmitted()
    {
        var matcher = new StopMatcher(["STOP"]);
        Assert.Equal("Hello ", Stream(matcher, ["Hel", "lo S", "TO", "P world"]));
        Assert.True(matcher.Stopped);
    }

    [Fact]
    public void HeldBackPrefixIsReleasedWhenItDoesNotBecomeAStop()
    {
        var matcher = new StopMatcher(["abc"]);
        Assert.Equal("x", matcher.Push("xab"));
        Assert.Equal("abd", matcher.Push("d"));
        Assert.Equal("", matcher.Push("a"));
        Assert.Equal("", matcher.Push(""));
        Assert.Equal("a", matcher.Flush());
        Assert.False(matcher.Stopped);
    }

    [Fact]
    public void EarliestOfSeveralStopsWins()
    {
        var matcher = new StopMatcher(["\n\n", "END", ""]);
        Assert.Equal("one", Stream(matcher, ["one", "END two\n\n"]));
    }

    [Fact]
    public void WithoutStopsEverythingPassesStraightThrough()
    {
        var matcher = new StopMatcher([]);
        Assert.Equal("ab", matcher.Push("ab"));
        Assert.Equal("", matcher.Flush());
    }
}
