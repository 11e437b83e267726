using TradeNode.P2P.Identity;

namespace TradeNode.Core.Trades.Chat;

/// <summary>Another node taking part in a trade's chat: its node key and its role in the trade.</summary>
/// <param name="NodeKey">The participant's Ed25519 node key, as the trade's contract (or request) records it.</param>
/// <param name="Role">Its role in the trade.</param>
public sealed record ChatParticipant(NodeKey NodeKey, ChatRole Role);
