namespace TradeNode.Tui.Tests;

/// <summary>Screen tests start node processes and drive one application each: one at a time on a small machine.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TuiCollection
{
    public const string Name = "tui";
}
