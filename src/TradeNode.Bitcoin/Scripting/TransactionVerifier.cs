namespace TradeNode.Bitcoin.Scripting;

/// <summary>
/// Verifies the scripts of a transaction's inputs against the outputs they spend (the script part of Core's
/// CheckInputScripts). Context checks such as amounts, lock times of the chain or maturity are not done here.
/// </summary>
public static class TransactionVerifier
{
    /// <summary>
    /// Verifies input <paramref name="inputIndex"/>, which spends <paramref name="spentOutput"/>. Taproot inputs
    /// of a transaction with several inputs need every spent output: pass <paramref name="precomputed"/> built
    /// with them, or use the overload that takes the list.
    /// </summary>
    public static ScriptError VerifyInput(Transaction transaction, int inputIndex, TxOut spentOutput, ScriptVerify flags = ScriptVerify.Standard, PrecomputedTransactionData? precomputed = null)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(spentOutput);
        ArgumentOutOfRangeException.ThrowIfNegative(inputIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(inputIndex, transaction.Inputs.Count);
        if (precomputed is null && transaction.Inputs.Count == 1)
        {
            precomputed = new PrecomputedTransactionData(transaction, [spentOutput]);
        }

        var input = transaction.Inputs[inputIndex];
        var checker = new TransactionSignatureChecker(transaction, inputIndex, spentOutput.Value, precomputed);
        ScriptInterpreter.VerifyScript(input.ScriptSig, spentOutput.ScriptPubKey, input.WitScript, flags, checker, out var error);
        return error;
    }

    /// <summary>Verifies input <paramref name="inputIndex"/>; <paramref name="spentOutputs"/>[i] is the output input i spends.</summary>
    public static ScriptError VerifyInput(Transaction transaction, int inputIndex, IReadOnlyList<TxOut> spentOutputs, ScriptVerify flags = ScriptVerify.Standard)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(spentOutputs);
        var precomputed = new PrecomputedTransactionData(transaction, spentOutputs);
        return VerifyInput(transaction, inputIndex, spentOutputs[inputIndex], flags, precomputed);
    }

    /// <summary>
    /// Verifies every input; <paramref name="spentOutputs"/>[i] is the output input i spends. Returns
    /// <see cref="ScriptError.Ok"/> when all pass, otherwise the first failure and its input in <paramref name="failedInput"/>.
    /// </summary>
    public static ScriptError VerifyAll(Transaction transaction, IReadOnlyList<TxOut> spentOutputs, ScriptVerify flags, out int failedInput)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(spentOutputs);
        if (spentOutputs.Count != transaction.Inputs.Count)
        {
            throw new ArgumentException("One spent output is needed for each input.", nameof(spentOutputs));
        }

        var precomputed = new PrecomputedTransactionData(transaction, spentOutputs);
        for (var i = 0; i < transaction.Inputs.Count; i++)
        {
            var error = VerifyInput(transaction, i, spentOutputs[i], flags, precomputed);
            if (error != ScriptError.Ok)
            {
                failedInput = i;
                return error;
            }
        }

        failedInput = -1;
        return ScriptError.Ok;
    }

    /// <inheritdoc cref="VerifyAll(Transaction, IReadOnlyList{TxOut}, ScriptVerify, out int)"/>
    public static ScriptError VerifyAll(Transaction transaction, IReadOnlyList<TxOut> spentOutputs, ScriptVerify flags = ScriptVerify.Standard) =>
        VerifyAll(transaction, spentOutputs, flags, out _);
}
