"""Helpers shared by train_lora.py, train_dpo.py and export_gguf.py.

Heavy libraries (torch, transformers, peft, trl, bitsandbytes) are imported inside the functions that
need them, never at module level, so ``--dry-run`` runs with the standard library alone.
"""
from __future__ import annotations

import importlib
import importlib.util
import json
import math
import os
import sys

import chiro_data as cd

DEFAULT_BASE_MODEL = "mistralai/Mistral-7B-Instruct-v0.3"
LORA_TARGET_MODULES = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")

# A base model without a chat template (Viking 7B) is taught ChatML, which modelfiles/chiro-norwegian.Modelfile
# renders the same way at inference.
CHATML_TEMPLATE = (
    "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n' }}"
    "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)


def require(*modules: str) -> None:
    """Exits with EXIT_DEPENDENCY and the pip command when a training dependency is not installed."""
    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    if missing:
        print(f"missing Python packages: {', '.join(missing)}\n"
              f"  install the pinned set on the GPU machine: pip install -r requirements.txt", file=sys.stderr)
        sys.exit(cd.EXIT_DEPENDENCY)


def has_module(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


def steps_per_epoch(rows: int, batch_size: int, grad_accum: int) -> int:
    return max(1, math.ceil(rows / (batch_size * grad_accum)))


def token_stats(texts: list[str]) -> dict:
    toks = sorted(cd.approx_tokens(t) for t in texts) or [0]
    return {"approxTokensTotal": sum(toks), "approxTokensMax": toks[-1],
            "approxTokensP95": toks[min(len(toks) - 1, int(len(toks) * 0.95))]}


def check_common(args, errors: list[str]) -> None:
    """Configuration checks shared by both trainers; appends readable messages to ``errors``."""
    if args.lr <= 0 or args.lr > 1e-2:
        errors.append(f"--lr {args.lr} is outside (0, 1e-2]")
    if args.epochs <= 0:
        errors.append("--epochs must be > 0")
    if args.batch_size < 1 or args.grad_accum < 1:
        errors.append("--batch-size and --grad-accum must be ≥ 1")
    if getattr(args, "r", 1) < 1 or getattr(args, "alpha", 1) <= 0:
        errors.append("--r must be ≥ 1 and --alpha > 0")
    if not 0 <= getattr(args, "dropout", 0) < 1:
        errors.append("--dropout must be in [0, 1)")
    if not args.base_model:
        errors.append("--base-model is required")
    elif (args.base_model.startswith(("/", "./", "../")) and not os.path.isdir(args.base_model)
          and not args.dry_run):
        errors.append(f"--base-model {args.base_model} is not a directory")


def print_plan(title: str, plan: dict) -> None:
    print(f"{title} (dry run: data and configuration are valid; nothing was loaded or trained)")
    print(json.dumps(plan, ensure_ascii=False, indent=2))


def compute_dtype():
    import torch
    return torch.bfloat16 if torch.cuda.is_available() and torch.cuda.is_bf16_supported() else torch.float16


def load_tokenizer(base_model: str, trust_remote_code: bool = False):
    from transformers import AutoTokenizer
    tok = AutoTokenizer.from_pretrained(base_model, trust_remote_code=trust_remote_code)
    if tok.pad_token is None:
        tok.pad_token = tok.eos_token
    if not getattr(tok, "chat_template", None):
        # Markers stay plain text (no new special tokens), so no embedding resize and the adapter alone
        # carries the change; Ollama's stop strings match the text.
        tok.chat_template = CHATML_TEMPLATE
    return tok


def load_base_model(base_model: str, load_in_4bit: bool = True, trust_remote_code: bool = False):
    """Loads the causal LM, 4-bit NF4 with double quantisation (QLoRA) unless load_in_4bit is False."""
    import torch
    from transformers import AutoModelForCausalLM, BitsAndBytesConfig
    dtype = compute_dtype()
    kwargs = {"torch_dtype": dtype, "device_map": "auto", "trust_remote_code": trust_remote_code}
    if load_in_4bit:
        kwargs["quantization_config"] = BitsAndBytesConfig(
            load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_use_double_quant=True,
            bnb_4bit_compute_dtype=dtype)
    if torch.cuda.is_available() and has_module("flash_attn"):
        kwargs["attn_implementation"] = "flash_attention_2"
    model = AutoModelForCausalLM.from_pretrained(base_model, **kwargs)
    model.config.use_cache = False  # incompatible with gradient checkpointing during training
    return model


def config_kwargs(config_cls, wanted: dict) -> dict:
    """Keeps only the fields ``config_cls`` (a TrainingArguments dataclass) knows, so the same code runs on
    the pinned trl and on neighbouring releases where fields were renamed (max_seq_length → max_length)."""
    import dataclasses
    names = {f.name for f in dataclasses.fields(config_cls)}
    return {k: v for k, v in wanted.items() if k in names}


def tokenizer_kwarg(trainer_cls, tokenizer) -> dict:
    """trl ≥ 0.12 and transformers ≥ 4.46 call the tokenizer ``processing_class``; older ones ``tokenizer``."""
    import inspect
    params = inspect.signature(trainer_cls.__init__).parameters
    return {"processing_class": tokenizer} if "processing_class" in params else {"tokenizer": tokenizer}
