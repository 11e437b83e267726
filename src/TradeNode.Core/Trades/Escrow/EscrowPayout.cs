using TradeNode.Bitcoin;

namespace TradeNode.Core.Trades.Escrow;

/// <summary>One output of a payout from the escrow: who gets how much.</summary>
/// <param name="Destination">The output script (the recipient's address).</param>
/// <param name="AmountSats">What the recipient gets, in satoshis.</param>
public sealed record EscrowPayout(Script Destination, long AmountSats);
