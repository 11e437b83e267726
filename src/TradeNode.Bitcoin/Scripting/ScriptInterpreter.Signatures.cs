using TradeNode.Bitcoin.Crypto;

namespace TradeNode.Bitcoin.Scripting;

public static partial class ScriptInterpreter
{
    private static bool CheckSig(ref Step step, OpcodeType opcode, ReadOnlySpan<byte> script, int codeHashBegin, out ScriptError error)
    {
        var stack = step.Stack;
        if (stack.Count < 2)
        {
            return Fail(ScriptError.InvalidStackOperation, out error);
        }

        var signature = Top(stack, -2);
        var pubKey = Top(stack, -1);
        bool success;
        if (step.Version == HashVersion.Tapscript)
        {
            if (!CheckTapscriptSignature(ref step, signature, pubKey, out success, out error))
            {
                return false;
            }
        }
        else if (!CheckEcdsaSignature(ref step, signature, pubKey, script, codeHashBegin, out success, out error))
        {
            return false;
        }

        Pop(stack);
        Pop(stack);
        stack.Add(success ? True : False);
        if (opcode == OpcodeType.OP_CHECKSIGVERIFY)
        {
            if (!success)
            {
                return Fail(ScriptError.CheckSigVerify, out error);
            }

            Pop(stack);
        }

        error = ScriptError.Ok;
        return true;
    }

    /// <summary>BIP342 OP_CHECKSIGADD (sig n pubkey -- n+success), tapscript only.</summary>
    private static bool CheckSigAdd(ref Step step, out ScriptError error)
    {
        if (step.Version != HashVersion.Tapscript)
        {
            return Fail(ScriptError.BadOpcode, out error);
        }

        var stack = step.Stack;
        if (stack.Count < 3)
        {
            return Fail(ScriptError.InvalidStackOperation, out error);
        }

        var signature = Top(stack, -3);
        var n = Number(Top(stack, -2), step.RequireMinimal);
        var pubKey = Top(stack, -1);
        if (!CheckTapscriptSignature(ref step, signature, pubKey, out var success, out error))
        {
            return false;
        }

        Pop(stack);
        Pop(stack);
        Pop(stack);
        stack.Add(ScriptNumber.Serialize(n + (success ? 1 : 0)));
        return true;
    }

    /// <summary>
    /// Core's EvalChecksigTapscript. An empty signature is a failed check that does not abort; any other invalid
    /// signature aborts. Unknown public key types succeed unless discouraged.
    /// </summary>
    private static bool CheckTapscriptSignature(ref Step step, byte[] signature, byte[] pubKey, out bool success, out ScriptError error)
    {
        error = ScriptError.Ok;
        success = signature.Length > 0;
        if (success)
        {
            // BIP342: each signature check spends part of a budget set by the witness size.
            step.Execution.ValidationWeightLeft -= Taproot.ValidationWeightPerSigOp;
            if (step.Execution.ValidationWeightLeft < 0)
            {
                return Fail(ScriptError.TapscriptValidationWeight, out error);
            }
        }

        if (pubKey.Length == 0)
        {
            return Fail(ScriptError.TapscriptEmptyPubkey, out error);
        }

        if (pubKey.Length == 32)
        {
            return !success || step.Checker.CheckSchnorrSignature(signature, pubKey, HashVersion.Tapscript, step.Execution, out error);
        }

        // Other key sizes are reserved for future soft forks.
        if ((step.Flags & ScriptVerify.DiscourageUpgradablePubkeyType) != 0)
        {
            return Fail(ScriptError.DiscourageUpgradablePubkeyType, out error);
        }

        return true;
    }

    /// <summary>Core's EvalChecksigPreTapscript for legacy and segwit v0 scripts.</summary>
    private static bool CheckEcdsaSignature(ref Step step, byte[] signature, byte[] pubKey, ReadOnlySpan<byte> script, int codeHashBegin, out bool success, out ScriptError error)
    {
        success = false;

        // The script code a signature commits to starts after the last executed OP_CODESEPARATOR.
        var scriptCode = new Script(script[codeHashBegin..]);
        if (step.Version == HashVersion.Original)
        {
            // Legacy signatures cannot sign themselves: drop any push of this signature from the script code.
            var stripped = scriptCode.FindAndDelete(new Script(Op.GetPushOp(signature)));
            if (!ReferenceEquals(stripped, scriptCode) && (step.Flags & ScriptVerify.ConstScriptCode) != 0)
            {
                return Fail(ScriptError.SigFindAndDelete, out error);
            }

            scriptCode = stripped;
        }

        if (!CheckSignatureEncoding(signature, step.Flags, out error) || !CheckPubKeyEncoding(pubKey, step.Flags, step.Version, out error))
        {
            return false;
        }

        success = step.Checker.CheckEcdsaSignature(signature, pubKey, scriptCode, step.Version);
        if (!success && (step.Flags & ScriptVerify.NullFail) != 0 && signature.Length > 0)
        {
            return Fail(ScriptError.SigNullFail, out error);
        }

        error = ScriptError.Ok;
        return true;
    }

    private static bool CheckMultiSig(ref Step step, OpcodeType opcode, ReadOnlySpan<byte> script, int codeHashBegin, ref int opCount, out ScriptError error)
    {
        var stack = step.Stack;

        // Stack, top first: key count, keys, signature count, signatures, and one extra "dummy" element.
        var i = 1;
        if (stack.Count < i)
        {
            return Fail(ScriptError.InvalidStackOperation, out error);
        }

        var keyCount = NumberAsInt(Top(stack, -i), step.RequireMinimal);
        if (keyCount < 0 || keyCount > MaxPubKeysPerMultiSig)
        {
            return Fail(ScriptError.PubkeyCount, out error);
        }

        opCount += keyCount;
        if (opCount > MaxOpsPerScript)
        {
            return Fail(ScriptError.OpCount, out error);
        }

        var keyIndex = ++i;

        // Counts down to the elements that must be empty under NULLFAIL: the signatures, not the keys.
        var keysToSkip = keyCount + 2;
        i += keyCount;
        if (stack.Count < i)
        {
            return Fail(ScriptError.InvalidStackOperation, out error);
        }

        var sigCount = NumberAsInt(Top(stack, -i), step.RequireMinimal);
        if (sigCount < 0 || sigCount > keyCount)
        {
            return Fail(ScriptError.SigCount, out error);
        }

        var sigIndex = ++i;
        i += sigCount;
        if (stack.Count < i)
        {
            return Fail(ScriptError.InvalidStackOperation, out error);
        }

        var scriptCode = new Script(script[codeHashBegin..]);
        if (step.Version == HashVersion.Original)
        {
            for (var k = 0; k < sigCount; k++)
            {
                var stripped = scriptCode.FindAndDelete(new Script(Op.GetPushOp(Top(stack, -sigIndex - k))));
                if (!ReferenceEquals(stripped, scriptCode) && (step.Flags & ScriptVerify.ConstScriptCode) != 0)
                {
                    return Fail(ScriptError.SigFindAndDelete, out error);
                }

                scriptCode = stripped;
            }
        }

        var success = true;
        while (success && sigCount > 0)
        {
            var signature = Top(stack, -sigIndex);
            var pubKey = Top(stack, -keyIndex);

            // Encodings are checked only for the pairs actually compared, as Core does.
            if (!CheckSignatureEncoding(signature, step.Flags, out error) || !CheckPubKeyEncoding(pubKey, step.Flags, step.Version, out error))
            {
                return false;
            }

            if (step.Checker.CheckEcdsaSignature(signature, pubKey, scriptCode, step.Version))
            {
                sigIndex++;
                sigCount--;
            }

            keyIndex++;
            keyCount--;

            // More signatures left than keys: it can no longer succeed.
            if (sigCount > keyCount)
            {
                success = false;
            }
        }

        while (i-- > 1)
        {
            // NULLFAIL: when the check failed, every signature must be empty.
            if (!success && (step.Flags & ScriptVerify.NullFail) != 0 && keysToSkip == 0 && Top(stack, -1).Length > 0)
            {
                return Fail(ScriptError.SigNullFail, out error);
            }

            if (keysToSkip > 0)
            {
                keysToSkip--;
            }

            Pop(stack);
        }

        // The extra element consumed by an old off-by-one bug.
        if (stack.Count < 1)
        {
            return Fail(ScriptError.InvalidStackOperation, out error);
        }

        if ((step.Flags & ScriptVerify.NullDummy) != 0 && Top(stack, -1).Length > 0)
        {
            return Fail(ScriptError.SigNullDummy, out error);
        }

        Pop(stack);
        stack.Add(success ? True : False);
        if (opcode == OpcodeType.OP_CHECKMULTISIGVERIFY)
        {
            if (!success)
            {
                return Fail(ScriptError.CheckMultiSigVerify, out error);
            }

            Pop(stack);
        }

        error = ScriptError.Ok;
        return true;
    }

    /// <summary>Core's CheckSignatureEncoding: the DERSIG, LOW_S and STRICTENC rules for a signature with hash type.</summary>
    public static bool CheckSignatureEncoding(ReadOnlySpan<byte> signature, ScriptVerify flags, out ScriptError error)
    {
        error = ScriptError.Ok;

        // An empty signature is the compact way to provide a failing one.
        if (signature.IsEmpty)
        {
            return true;
        }

        if ((flags & (ScriptVerify.DerSig | ScriptVerify.LowS | ScriptVerify.StrictEnc)) != 0 && !ECDSASignature.IsValidEncoding(signature))
        {
            return Fail(ScriptError.SigDer, out error);
        }

        if ((flags & ScriptVerify.LowS) != 0 && !IsLowS(signature))
        {
            return Fail(ScriptError.SigHighS, out error);
        }

        if ((flags & ScriptVerify.StrictEnc) != 0 && !IsDefinedHashType(signature))
        {
            return Fail(ScriptError.SigHashType, out error);
        }

        return true;
    }

    /// <summary>Core's CheckPubKeyEncoding: STRICTENC and, in segwit v0, WITNESS_PUBKEYTYPE.</summary>
    public static bool CheckPubKeyEncoding(ReadOnlySpan<byte> pubKey, ScriptVerify flags, HashVersion version, out ScriptError error)
    {
        error = ScriptError.Ok;
        if ((flags & ScriptVerify.StrictEnc) != 0 && !PubKey.IsCompressedOrUncompressed(pubKey))
        {
            return Fail(ScriptError.PubkeyType, out error);
        }

        if ((flags & ScriptVerify.WitnessPubkeyType) != 0 && version == HashVersion.WitnessV0 && !PubKey.IsCompressedEncoding(pubKey))
        {
            return Fail(ScriptError.WitnessPubkeyType, out error);
        }

        return true;
    }

    private static bool IsLowS(ReadOnlySpan<byte> signature) =>
        ECDSASignature.TryParseLax(signature[..^1], out var parsed) && parsed.IsLowS;

    private static bool IsDefinedHashType(ReadOnlySpan<byte> signature)
    {
        var baseType = signature[^1] & ~(int)SigHash.AnyoneCanPay;
        return baseType >= (int)SigHash.All && baseType <= (int)SigHash.Single;
    }
}
