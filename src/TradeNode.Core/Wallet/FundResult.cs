using TradeNode.Bitcoin;
using TradeNode.Bitcoin.Addresses;

namespace TradeNode.Core.Wallet;

/// <summary>What a regtest funding did: the address mined to, the blocks mined and the balance afterwards.</summary>
public sealed record FundResult(BitcoinAddress Address, IReadOnlyList<UInt256> BlockHashes, WalletBalance Balance);
