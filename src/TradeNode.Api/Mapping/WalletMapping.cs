using Google.Protobuf.WellKnownTypes;
using TradeNode.Api.V1;
using TradeNode.Core.Wallet;
using CoreTransaction = TradeNode.Core.Wallet.WalletTransaction;
using CoreWallet = TradeNode.Core.Wallet.WalletService;

namespace TradeNode.Api.Mapping;

/// <summary>Wallet balances, status and transactions as API messages.</summary>
internal static class WalletMapping
{
    /// <summary>
    /// The API's balances. Immature coinbase outputs are in none of them: they are neither in a block's
    /// spendable coins nor unconfirmed, and a send cannot use them yet.
    /// </summary>
    public static Balance ToBalance(WalletBalance balance) => new()
    {
        ConfirmedSats = balance.Confirmed,
        UnconfirmedSats = balance.Unconfirmed,
        ReservedSats = balance.Reserved,
        AvailableSats = balance.Available,
        HeldByOffersSats = balance.Held,
    };

    public static WalletStatus ToStatus(CoreWallet wallet, int chainHeight, DateTimeOffset? unlockedUntil)
    {
        var status = new WalletStatus { ChainHeight = chainHeight, Balance = new Balance() };
        if (!wallet.Exists)
        {
            return status;
        }

        status.Exists = true;
        status.Unlocked = wallet.IsUnlocked;
        status.ScannedHeight = wallet.ScannedHeight;
        status.Balance = ToBalance(wallet.GetBalance());
        if (status.Unlocked && unlockedUntil is { } until)
        {
            status.UnlockedUntil = Timestamp.FromDateTimeOffset(until);
        }

        return status;
    }

    public static V1.WalletTransaction ToTransaction(CoreTransaction transaction) => new()
    {
        Txid = transaction.Txid.ToString(),
        AmountSats = transaction.NetSats,
        FeeSats = transaction.FeeSats ?? 0,
        Confirmations = transaction.Confirmations,
        BlockHeight = transaction.BlockHeight ?? 0,
        Time = Timestamp.FromDateTimeOffset(transaction.BlockTime ?? transaction.FirstSeen),
        // The contract's label is the kind of movement; Core's own label (e.g. a send's destination) is not part of it yet.
        Label = transaction.IsCoinBase ? "coinbase" : transaction.Direction switch
        {
            TransactionDirection.Incoming => "receive",
            TransactionDirection.Outgoing => "send",
            _ => "self",
        },
    };
}
