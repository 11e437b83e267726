using TradeNode.Core.Trades.Escrow;

namespace TradeNode.Core.Trades.Disputes;

/// <summary>One trader's transcript of the trade's chat as its node sent it to the arbitrator, one line per message.</summary>
/// <param name="From">The trader whose node sent it.</param>
/// <param name="Lines">"time role: text" lines, oldest first; control characters shown as '?'.</param>
public sealed record TraderTranscript(EscrowRole From, IReadOnlyList<string> Lines);
