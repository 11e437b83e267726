using System.Text.Json;
using TradeNode.Bitcoin.Scripting;
using Xunit.Abstractions;

namespace TradeNode.Bitcoin.Tests.Transactions;

public class TransactionVerifierTests(ITestOutputHelper output)
{
    [Fact]
    public void Every_valid_transaction_of_bitcoin_core_verifies()
    {
        // Rows: [[[prevout hash, index, scriptPubKey asm, amount?], ...], tx hex, EXCLUDED flags].
        var rows = VectorFile.ReadCoreRows("bitcoin-core/tx_valid.json");
        var failures = new List<string>();
        var passed = 0;
        foreach (var row in rows)
        {
            var (tx, spent) = ReadCase(row);
            var excluded = ScriptVerifyNames.Parse(row[2].GetString()!);
            var flags = ScriptVerify.All & ~excluded;
            var problems = new List<string>();
            if (tx.Check() is { } reason)
            {
                problems.Add($"fails CheckTransaction: {reason}");
            }

            if (Verify(tx, spent, flags) is var (input, error) && error != ScriptError.Ok)
            {
                problems.Add($"input {input} fails with {ScriptErrorNames.GetName(error)}");
            }

            // Removing any one flag must not make a valid transaction invalid (soft forks only add rules).
            foreach (var (name, flag) in ScriptVerifyNames.All)
            {
                var fewer = TrimFlags(flags & ~flag);
                if (Verify(tx, spent, fewer).Error != ScriptError.Ok)
                {
                    problems.Add($"fails without {name}");
                }
            }

            // The excluded flags are the exact set: adding back any one of them must make it fail.
            foreach (var (name, flag) in ScriptVerifyNames.All.Where(f => (excluded & f.Flag) != 0))
            {
                var more = flags | flag;
                if (FillFlags(more) == more && Verify(tx, spent, more).Error == ScriptError.Ok)
                {
                    problems.Add($"still valid with {name}, which the file excludes");
                }
            }

            if (problems.Count > 0)
            {
                failures.Add($"{string.Join("; ", problems)}: {row[1].GetString()![..Math.Min(40, row[1].GetString()!.Length)]}...");
            }
            else
            {
                passed++;
            }
        }

        output.WriteLine($"tx_valid.json: {rows.Count} cases, {passed} passed, {failures.Count} failed, 0 skipped");
        failures.ForEach(output.WriteLine);
        Assert.Equal(121, rows.Count);
        Assert.Empty(failures);
    }

    [Fact]
    public void Every_invalid_transaction_of_bitcoin_core_is_rejected()
    {
        // Rows: [[[prevout hash, index, scriptPubKey asm, amount?], ...], tx hex, flags to APPLY or BADTX].
        var rows = VectorFile.ReadCoreRows("bitcoin-core/tx_invalid.json");
        var failures = new List<string>();
        int badTx = 0, badScript = 0;
        foreach (var row in rows)
        {
            var (tx, spent) = ReadCase(row);
            var flagText = row[2].GetString()!;
            var summary = row[1].GetString()![..Math.Min(40, row[1].GetString()!.Length)];
            if (flagText == "BADTX")
            {
                if (tx.Check() is null)
                {
                    failures.Add($"passes CheckTransaction but is BADTX: {summary}...");
                }
                else
                {
                    badTx++;
                }

                continue;
            }

            var flags = ScriptVerifyNames.Parse(flagText);
            var problems = new List<string>();
            if (tx.Check() is { } reason)
            {
                problems.Add($"fails CheckTransaction ({reason}) but should fail only its scripts");
            }

            if (Verify(tx, spent, flags).Error == ScriptError.Ok)
            {
                problems.Add($"verifies with {flagText}");
            }

            // The flags are minimal: without any one of them the transaction verifies.
            foreach (var (name, flag) in ScriptVerifyNames.All.Where(f => (flags & f.Flag) != 0))
            {
                var fewer = TrimFlags(flags & ~flag);
                if (Verify(tx, spent, fewer).Error != ScriptError.Ok)
                {
                    problems.Add($"still fails without {name}");
                }
            }

            if (problems.Count > 0)
            {
                failures.Add($"{string.Join("; ", problems)}: {summary}...");
            }
            else
            {
                badScript++;
            }
        }

        output.WriteLine($"tx_invalid.json: {rows.Count} cases, {badTx + badScript} passed ({badTx} BADTX, {badScript} script failures), {failures.Count} failed, 0 skipped");
        failures.ForEach(output.WriteLine);
        Assert.Equal(93, rows.Count);
        Assert.Empty(failures);
    }

    private static (int Input, ScriptError Error) Verify(Transaction tx, IReadOnlyList<TxOut> spent, ScriptVerify flags)
    {
        var error = TransactionVerifier.VerifyAll(tx, spent, flags, out var input);
        return (input, error);
    }

    /// <summary>Core's TrimFlags: drop flags whose prerequisites are gone (WITNESS needs P2SH, CLEANSTACK needs WITNESS).</summary>
    private static ScriptVerify TrimFlags(ScriptVerify flags)
    {
        if ((flags & ScriptVerify.P2SH) == 0)
        {
            flags &= ~ScriptVerify.Witness;
        }

        if ((flags & ScriptVerify.Witness) == 0)
        {
            flags &= ~ScriptVerify.CleanStack;
        }

        return flags;
    }

    /// <summary>Core's FillFlags: add the prerequisites of the set flags.</summary>
    private static ScriptVerify FillFlags(ScriptVerify flags)
    {
        if ((flags & ScriptVerify.CleanStack) != 0)
        {
            flags |= ScriptVerify.Witness;
        }

        if ((flags & ScriptVerify.Witness) != 0)
        {
            flags |= ScriptVerify.P2SH;
        }

        return flags;
    }

    private static (Transaction Tx, IReadOnlyList<TxOut> Spent) ReadCase(JsonElement row)
    {
        var prevouts = new Dictionary<OutPoint, TxOut>();
        foreach (var input in row[0].EnumerateArray())
        {
            // The index is written as -1 for the null prevout of a coinbase.
            var outPoint = new OutPoint(UInt256.Parse(input[0].GetString()!), unchecked((uint)input[1].GetInt64()));
            var amount = input.GetArrayLength() > 3 ? Money.Satoshis(input[3].GetInt64()) : Money.Zero;
            prevouts[outPoint] = new TxOut(amount, Script.Parse(input[2].GetString()!));
        }

        var tx = Transaction.Parse(row[1].GetString()!);
        var spent = tx.Inputs.Select(i => prevouts.TryGetValue(i.PrevOut, out var o) ? o : new TxOut(Money.Zero, Script.Empty)).ToList();
        return (tx, spent);
    }
}
