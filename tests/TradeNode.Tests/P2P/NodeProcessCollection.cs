namespace TradeNode.Tests.P2P;

/// <summary>Tests that start <c>tradenode node</c> processes run one at a time (two cores, many processes).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NodeProcessCollection
{
    public const string Name = "tradenode node processes";
}
