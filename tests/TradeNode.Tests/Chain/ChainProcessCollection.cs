namespace TradeNode.Tests.Chain;

/// <summary>Tests that start <c>tradenode chain</c> processes run one at a time (two cores; each process mines).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ChainProcessCollection
{
    public const string Name = "tradenode chain processes";
}
