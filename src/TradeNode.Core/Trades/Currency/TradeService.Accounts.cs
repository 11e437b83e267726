using LiteDB;
using TradeNode.Core.Errors;

namespace TradeNode.Core.Trades.Currency;

public sealed partial class TradeService
{
    private const string AccountsCollection = "trade_offer_accounts";
    private const int MaxPaymentAccountChars = 1000;

    /// <summary>
    /// Sets the payment account details this node shows the taker of its offer <paramref name="offerId"/> (the seller's
    /// account the buyer pays to, or the buyer's account the payment comes from). Kept per offer; empty until set.
    /// </summary>
    public void SetOfferPaymentAccount(string offerId, string paymentAccount)
    {
        ArgumentNullException.ThrowIfNull(offerId);
        CheckPaymentAccount(paymentAccount);
        _accounts.Upsert(new BsonDocument { ["_id"] = offerId, ["account"] = paymentAccount });
    }

    /// <summary>Throws <see cref="InvalidInputException"/> when <paramref name="paymentAccount"/> is too long; lets a caller check before it changes anything.</summary>
    public static void CheckPaymentAccount(string paymentAccount)
    {
        ArgumentNullException.ThrowIfNull(paymentAccount);
        if (paymentAccount.Length > MaxPaymentAccountChars)
        {
            throw new InvalidInputException("payment_account", $"The payment account details are at most {MaxPaymentAccountChars} characters.");
        }
    }

    private string PaymentAccountFor(string offerId) => _accounts.FindById(offerId)?["account"].AsString ?? string.Empty;
}
