using TradeNode.Core.Trades.Escrow;

namespace TradeNode.Core.Trades.Disputes;

/// <summary>One statement or piece of evidence in a dispute.</summary>
/// <param name="From">The trader who gave it.</param>
/// <param name="Text">What it says.</param>
/// <param name="At">When it was given.</param>
public sealed record DisputeStatement(EscrowRole From, string Text, DateTimeOffset At);
