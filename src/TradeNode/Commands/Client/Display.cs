using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using TradeNode.Api.V1;
using TradeNode.Bitcoin;

namespace TradeNode.Commands.Client;

/// <summary>How the client verbs show values to people: bitcoin with eight decimals, satoshis grouped, times in UTC.</summary>
internal static class Display
{
    /// <summary>"0.01000000" (exact: satoshis divided as a decimal).</summary>
    public static string Btc(long sats) => Money.Satoshis(sats).ToString();

    /// <summary>"1,000,000".</summary>
    public static string Sats(long sats) => sats.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>"0.01000000 BTC (1,000,000 sats)".</summary>
    public static string BtcAndSats(long sats) => $"{Btc(sats)} BTC ({Sats(sats)} sats)";

    public static string Time(Timestamp? time) =>
        time is null ? "-" : time.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    public static string Fiat(FiatAmount? amount) => amount is null ? "-" : $"{amount.Amount} {amount.Currency}";

    public static string Price(Price? price) => price?.ValueCase switch
    {
        Api.V1.Price.ValueOneofCase.Sats => $"{Btc(price.Sats)} BTC",
        Api.V1.Price.ValueOneofCase.Fiat => Fiat(price.Fiat),
        _ => "-",
    };

    public static string Direction(OfferDirection direction) => direction switch
    {
        OfferDirection.Buy => "BUY",
        OfferDirection.Sell => "SELL",
        _ => "-",
    };

    public static string Condition(ItemCondition condition) => condition == ItemCondition.Unspecified ? "-" : condition.ToString().ToLowerInvariant();

    public static string Change(ChangeKind kind) => kind == ChangeKind.Unspecified ? "-" : kind.ToString().ToUpperInvariant();

    public static string Bps(int bps) => (bps / 100m).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    public static string Duration(long seconds) => seconds switch
    {
        <= 0 => "-",
        _ when seconds % 86_400 == 0 => $"{seconds / 86_400} d",
        _ when seconds % 3_600 == 0 => $"{seconds / 3_600} h",
        _ => $"{seconds} s",
    };

    public static string List(IEnumerable<string> values)
    {
        var text = string.Join(",", values);
        return text.Length == 0 ? "-" : text;
    }

    public static string OrDash(string? text) => string.IsNullOrEmpty(text) ? "-" : text;

    /// <summary>A transaction id with its confirmations (0: in the mempool, below 0: not published), or "-" without one.</summary>
    public static string TxidWithConfirmations(string txid, int confirmations) => string.IsNullOrEmpty(txid) ? "-" : confirmations switch
    {
        < 0 => $"{txid} (not published)",
        0 => $"{txid} (in the mempool)",
        1 => $"{txid} (1 confirmation)",
        _ => $"{txid} ({confirmations} confirmations)",
    };

    public static string YesNo(bool value) => value ? "yes" : "no";

    /// <summary>Adds the four balances of a wallet, aligned, as BTC and sats.</summary>
    public static Fields AddBalance(Fields fields, Balance? balance)
    {
        ArgumentNullException.ThrowIfNull(fields);
        balance ??= new Balance();
        var amounts = new[] { balance.AvailableSats, balance.ConfirmedSats, balance.UnconfirmedSats, balance.ReservedSats };
        var btcWidth = amounts.Max(sats => Btc(sats).Length);
        var satsWidth = amounts.Max(sats => Sats(sats).Length);
        string Line(long sats) => $"{Btc(sats).PadLeft(btcWidth)} BTC  {Sats(sats).PadLeft(satsWidth)} sats";
        return fields
            .Add("Available", Line(balance.AvailableSats))
            .Add("Confirmed", Line(balance.ConfirmedSats))
            .Add("Unconfirmed", Line(balance.UnconfirmedSats))
            .Add("Reserved", Line(balance.ReservedSats));
    }
}
