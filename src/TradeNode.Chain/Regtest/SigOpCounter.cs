namespace TradeNode.Chain.Regtest;

/// <summary>Bitcoin Core's GetTransactionSigOpCost: legacy and P2SH sigops count four times, witness sigops once.</summary>
public static class SigOpCounter
{
    public static int GetTransactionSigOpCost(Transaction transaction, IReadOnlyList<UtxoEntry>? coins)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var cost = transaction.GetLegacySigOpCount() * Transaction.WitnessScaleFactor;
        if (transaction.IsCoinBase || coins is null)
        {
            return cost;
        }

        for (var i = 0; i < transaction.Inputs.Count; i++)
        {
            var input = transaction.Inputs[i];
            var prevScript = coins[i].Output.ScriptPubKey;
            if (prevScript.IsPayToScriptHash && RedeemScripts.FromScriptSig(input.ScriptSig) is { } redeemScript)
            {
                cost += redeemScript.GetSigOpCount(true) * Transaction.WitnessScaleFactor;
                prevScript = redeemScript;
            }

            if (prevScript.IsWitnessProgram(out var version, out var program) && version == 0)
            {
                if (program.Length == 20)
                {
                    cost += 1;
                }
                else if (program.Length == 32 && input.WitScript.PushCount > 0)
                {
                    cost += new Script(input.WitScript[input.WitScript.PushCount - 1]).GetSigOpCount(true);
                }
            }
        }

        return cost;
    }
}
