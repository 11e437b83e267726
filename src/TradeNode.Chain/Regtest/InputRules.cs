namespace TradeNode.Chain.Regtest;

/// <summary>Bitcoin Core's Consensus::CheckTxInputs: coinbase maturity and value ranges; returns the fee.</summary>
public static class InputRules
{
    public static Money CheckTxInputs(Transaction transaction, IReadOnlyList<UtxoEntry> coins, int spendHeight, int coinbaseMaturity)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(coins);
        var valueIn = 0L;
        foreach (var coin in coins)
        {
            if (coin.IsCoinBase && spendHeight - coin.Height < coinbaseMaturity)
            {
                throw new ValidationException("bad-txns-premature-spend-of-coinbase", $"tried to spend coinbase at depth {spendHeight - coin.Height}");
            }

            valueIn += coin.Output.Value.Satoshi;
            if (!coin.Output.Value.IsInMoneyRange || valueIn > Money.MaxSatoshis)
            {
                throw new ValidationException("bad-txns-inputvalues-outofrange");
            }
        }

        var valueOut = transaction.TotalOut.Satoshi;
        if (valueIn < valueOut)
        {
            throw new ValidationException("bad-txns-in-belowout", $"value in ({FormatBtc(valueIn)}) < value out ({FormatBtc(valueOut)})");
        }

        return Money.Satoshis(valueIn - valueOut);
    }

    private static string FormatBtc(long satoshis) =>
        (satoshis / (decimal)Money.CoinSatoshis).ToString("0.00######", System.Globalization.CultureInfo.InvariantCulture);
}
