using TradeNode.Bitcoin;
using TradeNode.Bitcoin.Addresses;
using TradeNode.Core.Wallet.Storage;

namespace TradeNode.Core.Wallet;

public sealed partial class WalletService
{
    /// <summary>
    /// The next unused receive address (m/84'/coin'/0'/0/i). Each call hands out a new index, persisted, and the
    /// watched window grows so payments to it are found. Works while locked.
    /// </summary>
    public BitcoinAddress NewAddress() => NewAddressWithPath().Address;

    /// <summary>As <see cref="NewAddress"/>, with the address's BIP32 path (e.g. m/84'/1'/0'/0/3), to show or to check in another wallet.</summary>
    public (BitcoinAddress Address, Bitcoin.Bip32.KeyPath Path) NewAddressWithPath()
    {
        BitcoinAddress address;
        int index;
        lock (_gate)
        {
            var meta = RequireMeta();
            index = meta.ReceiveNext;
            meta.ReceiveNext = index + 1;
            _store.SaveMeta(meta);
            ExtendWatch();
            address = PubKeyOf(ReceiveChain, index).GetAddress(ScriptPubKeyType.Segwit, _network);
        }

        OnChanged();
        return (address, Bitcoin.Bip32.KeyPaths.Bip84(_network, 0, change: false, index));
    }

    /// <summary>
    /// The next change address (m/84'/coin'/0'/1/i), handed out and persisted like <see cref="NewAddress"/>: for
    /// transactions built outside <see cref="SendAsync"/>, such as a trade's deposit PSBT.
    /// </summary>
    internal BitcoinAddress GetChangeAddress()
    {
        lock (_gate)
        {
            var meta = RequireMeta();
            var index = meta.ChangeNext;
            meta.ChangeNext = index + 1;
            _store.SaveMeta(meta);
            ExtendWatch();
            return PubKeyOf(ChangeChain, index).GetAddress(ScriptPubKeyType.Segwit, _network);
        }
    }

    /// <summary>The receive address at <paramref name="index"/>, without handing it out (for tests and address books).</summary>
    public BitcoinAddress GetReceiveAddress(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return RequireMetaAnd(() => PubKeyOf(ReceiveChain, index).GetAddress(ScriptPubKeyType.Segwit, _network));
    }

    /// <summary>The balances as of the last scan; see <see cref="WalletBalance"/>.</summary>
    public WalletBalance GetBalance()
    {
        lock (_gate)
        {
            if (_meta is null)
            {
                return new WalletBalance(0, 0, 0, 0, 0);
            }

            var reserved = ReservedOutpoints();
            long confirmed = 0, unconfirmed = 0, immature = 0, reservedSats = 0, ownUnconfirmed = 0;
            foreach (var coin in _coins.Values.Where(c => c.SpentBy is null))
            {
                if (coin.Height is null)
                {
                    unconfirmed += coin.Value;
                    ownUnconfirmed += coin.FromSelf ? coin.Value : 0;
                }
                else if (IsImmature(coin))
                {
                    immature += coin.Value;
                    continue;
                }
                else
                {
                    confirmed += coin.Value;
                }

                if (reserved.Contains(coin.Id) && IsSpendable(coin))
                {
                    reservedSats += coin.Value;
                }
            }

            var (_, _, held, unpromised) = Promises();
            var available = Math.Max(0, Math.Min(confirmed + ownUnconfirmed - reservedSats, unpromised));
            return new WalletBalance(confirmed, unconfirmed, immature, reservedSats, available, held);
        }
    }

    /// <summary>Every transaction that touched the wallet, newest first (unconfirmed on top).</summary>
    public IReadOnlyList<WalletTransaction> ListTransactions()
    {
        lock (_gate)
        {
            var tip = _meta?.ScannedHeight ?? 0;
            return _transactions.Values
                .OrderByDescending(t => t.Height ?? int.MaxValue)
                .ThenByDescending(t => t.FirstSeen)
                .Select(t => new WalletTransaction(
                    t.Txid,
                    t.Net,
                    t.Fee,
                    t.Height,
                    t.BlockHash is null ? null : UInt256.Parse(t.BlockHash),
                    t.BlockTime,
                    t.Height is { } h ? Math.Max(0, tip - h + 1) : 0,
                    t.Net > 0 ? TransactionDirection.Incoming
                        : t.Fee is { } fee && t.Net == -fee && !HasForeignOutput(t.Transaction) ? TransactionDirection.SelfTransfer
                        : TransactionDirection.Outgoing,
                    t.Transaction.IsCoinBase,
                    t.Label,
                    t.FirstSeen))
                .ToList();
        }
    }

    /// <summary>The wallet's unspent coins that a send could use now (mature, confirmed or own change), reserved ones included.</summary>
    public IReadOnlyList<WalletCoin> ListUnspent()
    {
        lock (_gate)
        {
            return _coins.Values.Where(c => c.SpentBy is null && IsSpendable(c)).Select(ToWalletCoin).ToList();
        }
    }

    private bool HasForeignOutput(Transaction tx) => tx.Outputs.Any(o => !_scripts.ContainsKey(o.ScriptPubKey.ToHex()));

    private WalletCoin ToWalletCoin(CoinRecord c) => new(c.Outpoint, c.Value, c.ScriptPubKey, KeyPathOf(c.Chain, c.Index), c.Height, c.IsCoinBase);

    /// <summary>
    /// A coinbase counts once it has 101 confirmations, as in Bitcoin Core's wallet: consensus lets it be spent in
    /// the block 100 above it, so with 101 confirmations a spend is valid in the mempool and in the next block.
    /// Caller holds the gate.
    /// </summary>
    private bool IsImmature(CoinRecord coin) =>
        coin.IsCoinBase && (coin.Height is not { } h || _meta!.ScannedHeight - h + 1 <= CoinbaseMaturity);

    /// <summary>Unspent-ness aside: confirmed and mature, or our own unconfirmed change. Caller holds the gate.</summary>
    private bool IsSpendable(CoinRecord coin) => coin.Height is null ? coin.FromSelf : !IsImmature(coin);

    private HashSet<string> ReservedOutpoints() => _reservations.Values.Where(r => !r.IsHold).SelectMany(r => r.Outpoints).ToHashSet();
}
