using System.Collections.Concurrent;
using TradeNode.Core.Trades.Chat;

namespace TradeNode.Core.Tests.Trades.Chat;

/// <summary>A participant source that answers from a table the test fills (a trade becomes known when the test says so).</summary>
internal sealed class FixedParticipants : IChatParticipantSource
{
    private readonly ConcurrentDictionary<string, ChatParticipants> _trades = new(StringComparer.Ordinal);

    public void Set(string tradeId, ChatParticipants participants) => _trades[tradeId] = participants;

    public ChatParticipants? Find(string tradeId) => _trades.GetValueOrDefault(tradeId);
}
