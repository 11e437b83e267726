namespace TradeNode.Bitcoin.Scripting;

public static partial class ScriptInterpreter
{
    private static readonly byte[] PayToAnchorProgram = [0x4e, 0x73];

    /// <summary>
    /// Core's VerifyScript: runs <paramref name="scriptSig"/>, then <paramref name="scriptPubKey"/> on the resulting
    /// stack, then the P2SH redeem script and the witness program as the flags ask. Returns true when the spend is
    /// valid; otherwise <paramref name="error"/> says why.
    /// </summary>
    /// <exception cref="ArgumentException">CLEANSTACK without WITNESS, or WITNESS without P2SH (Core asserts these).</exception>
    public static bool VerifyScript(Script scriptSig, Script scriptPubKey, WitScript? witness, ScriptVerify flags, ISignatureChecker checker, out ScriptError error)
    {
        ArgumentNullException.ThrowIfNull(scriptSig);
        ArgumentNullException.ThrowIfNull(scriptPubKey);
        ArgumentNullException.ThrowIfNull(checker);
        witness ??= WitScript.Empty;
        if ((flags & ScriptVerify.CleanStack) != 0 && (flags & ScriptVerify.Witness) == 0)
        {
            throw new ArgumentException("CLEANSTACK requires WITNESS.", nameof(flags));
        }

        if ((flags & ScriptVerify.Witness) != 0 && (flags & ScriptVerify.P2SH) == 0)
        {
            throw new ArgumentException("WITNESS requires P2SH.", nameof(flags));
        }

        if ((flags & ScriptVerify.SigPushOnly) != 0 && !scriptSig.IsPushOnly())
        {
            return Fail(ScriptError.SigPushOnly, out error);
        }

        // scriptSig and scriptPubKey run one after the other on the same stack, never concatenated (CVE-2010-5141).
        var stack = new List<byte[]>();
        if (!EvalScript(stack, scriptSig, flags, checker, HashVersion.Original, out error))
        {
            return false;
        }

        var stackCopy = (flags & ScriptVerify.P2SH) != 0 ? new List<byte[]>(stack) : null;
        if (!EvalScript(stack, scriptPubKey, flags, checker, HashVersion.Original, out error))
        {
            return false;
        }

        if (stack.Count == 0 || !CastToBool(Top(stack, -1)))
        {
            return Fail(ScriptError.EvalFalse, out error);
        }

        var hadWitness = false;
        if ((flags & ScriptVerify.Witness) != 0 && scriptPubKey.IsWitnessProgram(out var version, out var program))
        {
            hadWitness = true;

            // The scriptSig of a native witness spend must be empty, or the spend would be malleable.
            if (scriptSig.Length != 0)
            {
                return Fail(ScriptError.WitnessMalleated, out error);
            }

            if (!VerifyWitnessProgram(witness, version, program, flags, checker, isP2SH: false, out error))
            {
                return false;
            }

            // The real stack is not clean for witness programs; the CLEANSTACK check below must pass.
            stack.RemoveRange(1, stack.Count - 1);
        }

        if ((flags & ScriptVerify.P2SH) != 0 && scriptPubKey.IsPayToScriptHash)
        {
            if (!scriptSig.IsPushOnly())
            {
                return Fail(ScriptError.SigPushOnly, out error);
            }

            // Start again from the stack the scriptSig left; its top is the serialized redeem script.
            stack = stackCopy!;
            var redeemScript = new Script(Top(stack, -1));
            Pop(stack);
            if (!EvalScript(stack, redeemScript, flags, checker, HashVersion.Original, out error))
            {
                return false;
            }

            if (stack.Count == 0 || !CastToBool(Top(stack, -1)))
            {
                return Fail(ScriptError.EvalFalse, out error);
            }

            if ((flags & ScriptVerify.Witness) != 0 && redeemScript.IsWitnessProgram(out version, out program))
            {
                hadWitness = true;

                // The scriptSig must be exactly one push of the redeem script.
                if (scriptSig != new Script(Op.GetPushOp(redeemScript.Span)))
                {
                    return Fail(ScriptError.WitnessMalleatedP2SH, out error);
                }

                if (!VerifyWitnessProgram(witness, version, program, flags, checker, isP2SH: true, out error))
                {
                    return false;
                }

                stack.RemoveRange(1, stack.Count - 1);
            }
        }

        // Checked only after P2SH and witness evaluation, which legitimately leave other elements behind.
        if ((flags & ScriptVerify.CleanStack) != 0 && stack.Count != 1)
        {
            return Fail(ScriptError.CleanStack, out error);
        }

        if ((flags & ScriptVerify.Witness) != 0 && !hadWitness && !witness.IsEmpty)
        {
            return Fail(ScriptError.WitnessUnexpected, out error);
        }

        error = ScriptError.Ok;
        return true;
    }

    private static bool VerifyWitnessProgram(WitScript witness, int version, byte[] program, ScriptVerify flags, ISignatureChecker checker, bool isP2SH, out ScriptError error)
    {
        var stack = witness.Pushes.ToList();
        if (version == 0)
        {
            if (program.Length == 32)
            {
                // BIP141 P2WSH: the last witness item is the script, and the program is its SHA256.
                if (stack.Count == 0)
                {
                    return Fail(ScriptError.WitnessProgramWitnessEmpty, out error);
                }

                var witnessScript = new Script(Top(stack, -1));
                Pop(stack);
                if (!witnessScript.WitnessHash.AsSpan().SequenceEqual(program))
                {
                    return Fail(ScriptError.WitnessProgramMismatch, out error);
                }

                return ExecuteWitnessScript(stack, witnessScript, flags, checker, HashVersion.WitnessV0, new ScriptExecutionData(), out error);
            }

            if (program.Length == 20)
            {
                // BIP141 P2WPKH: exactly a signature and a key, checked as DUP HASH160 <program> EQUALVERIFY CHECKSIG.
                if (stack.Count != 2)
                {
                    return Fail(ScriptError.WitnessProgramMismatch, out error);
                }

                var keyHashScript = new Script(
                    Op.FromCode(OpcodeType.OP_DUP),
                    Op.FromCode(OpcodeType.OP_HASH160),
                    Op.GetPushOp(program),
                    Op.FromCode(OpcodeType.OP_EQUALVERIFY),
                    Op.FromCode(OpcodeType.OP_CHECKSIG));
                return ExecuteWitnessScript(stack, keyHashScript, flags, checker, HashVersion.WitnessV0, new ScriptExecutionData(), out error);
            }

            return Fail(ScriptError.WitnessProgramWrongLength, out error);
        }

        if (version == 1 && program.Length == 32 && !isP2SH)
        {
            return VerifyTaprootSpend(witness, stack, program, flags, checker, out error);
        }

        // Pay-to-anchor (OP_1 <0x4e73>) is spendable by anyone and is not an upgrade hook.
        if (version == 1 && !isP2SH && program.AsSpan().SequenceEqual(PayToAnchorProgram))
        {
            error = ScriptError.Ok;
            return true;
        }

        if ((flags & ScriptVerify.DiscourageUpgradableWitnessProgram) != 0)
        {
            return Fail(ScriptError.DiscourageUpgradableWitnessProgram, out error);
        }

        // Unknown versions and sizes stay valid for future soft forks.
        error = ScriptError.Ok;
        return true;
    }

    /// <summary>BIP341: a witness v1 32-byte program, spent by key path (one signature) or script path.</summary>
    private static bool VerifyTaprootSpend(WitScript witness, List<byte[]> stack, byte[] program, ScriptVerify flags, ISignatureChecker checker, out ScriptError error)
    {
        // Before the soft fork a taproot output is anyone-can-spend.
        if ((flags & ScriptVerify.Taproot) == 0)
        {
            error = ScriptError.Ok;
            return true;
        }

        if (stack.Count == 0)
        {
            return Fail(ScriptError.WitnessProgramWitnessEmpty, out error);
        }

        var execution = new ScriptExecutionData();
        if (stack.Count >= 2 && Top(stack, -1) is [Taproot.AnnexTag, ..])
        {
            execution.Annex = Top(stack, -1);
            Pop(stack);
        }

        if (stack.Count == 1)
        {
            // Key path: the only element is a signature for the output key itself.
            return checker.CheckSchnorrSignature(stack[0], program, HashVersion.Taproot, execution, out error);
        }

        var control = Top(stack, -1);
        var script = Top(stack, -2);
        stack.RemoveRange(stack.Count - 2, 2);
        if (control.Length < Taproot.ControlBaseSize || control.Length > Taproot.ControlMaxSize
            || (control.Length - Taproot.ControlBaseSize) % Taproot.ControlNodeSize != 0)
        {
            return Fail(ScriptError.TaprootWrongControlSize, out error);
        }

        var leafVersion = (byte)(control[0] & Taproot.LeafMask);
        execution.TapleafHash = Taproot.ComputeLeafHash(leafVersion, script);
        if (!Taproot.VerifyCommitment(control, program, execution.TapleafHash))
        {
            return Fail(ScriptError.WitnessProgramMismatch, out error);
        }

        if (leafVersion == Taproot.LeafVersionTapscript)
        {
            execution.ValidationWeightLeft = witness.SerializedLength + Taproot.ValidationWeightOffset;
            return ExecuteWitnessScript(stack, new Script(script), flags, checker, HashVersion.Tapscript, execution, out error);
        }

        // Unknown leaf versions are reserved for future soft forks.
        if ((flags & ScriptVerify.DiscourageUpgradableTaprootVersion) != 0)
        {
            return Fail(ScriptError.DiscourageUpgradableTaprootVersion, out error);
        }

        error = ScriptError.Ok;
        return true;
    }

    private static bool ExecuteWitnessScript(List<byte[]> stack, Script script, ScriptVerify flags, ISignatureChecker checker, HashVersion version, ScriptExecutionData execution, out ScriptError error)
    {
        if (version == HashVersion.Tapscript)
        {
            // BIP342: an OP_SUCCESSx anywhere makes the script succeed, before any other rule is applied.
            var bytes = script.Span;
            var pc = 0;
            while (pc < bytes.Length)
            {
                if (!Script.TryReadOp(bytes, ref pc, out var opcode, out _))
                {
                    return Fail(ScriptError.BadOpcode, out error);
                }

                if (Taproot.IsOpSuccess(opcode))
                {
                    if ((flags & ScriptVerify.DiscourageOpSuccess) != 0)
                    {
                        return Fail(ScriptError.DiscourageOpSuccess, out error);
                    }

                    error = ScriptError.Ok;
                    return true;
                }
            }

            // The initial stack is limited too (the altstack is still empty).
            if (stack.Count > MaxStackSize)
            {
                return Fail(ScriptError.StackSize, out error);
            }
        }

        if (stack.Any(item => item.Length > MaxScriptElementSize))
        {
            return Fail(ScriptError.PushSize, out error);
        }

        if (!EvalScript(stack, script, flags, checker, version, execution, out error))
        {
            return false;
        }

        // Witness scripts must leave exactly one true element.
        if (stack.Count != 1)
        {
            return Fail(ScriptError.CleanStack, out error);
        }

        return CastToBool(stack[0]) || Fail(ScriptError.EvalFalse, out error);
    }
}
