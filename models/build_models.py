#!/usr/bin/python3
"""Builds TinyAOT's reference ONNX models, test data and calibration data.

    /usr/bin/python3 models/build_models.py

Deterministic (fixed seeds, one thread): rerunning on the same machine gives
the same bytes. Needs torch 1.13, onnx 1.12, numpy, scikit-learn (with PIL for
its two bundled sample photos) and ONNX Runtime through tests/tools/ort
(scripts/setup.sh installs all of it).

For every model NAME it writes
    models/NAME.onnx
    models/NAME/test_data_set_0/input_0.pb, output_0.pb   (ONNX backend-test layout)
    models/NAME_calib.npy          float32 [N, *input_shape] (N=32, digits: 64)
plus models/digits_test_x.npy, models/digits_test_y.npy and models/README.md.
output_0.pb is ONNX Runtime's output; it is asserted to match PyTorch (or a
numpy reference for opset9_mlp) to max abs diff < 1e-4, on the test input and
on every calibration sample.
"""
import io
import os
import sys
import warnings
from collections import Counter

import numpy as np
import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(REPO, "tests", "tools", "ort"))
from ort_run import run_ort_batch  # noqa: E402

OPSET = 13
TOL = 1e-4
N_CALIB = 32
N_CALIB_DIGITS = 64

torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)
warnings.filterwarnings("ignore")


def seed_all(seed):
    torch.manual_seed(seed)
    np.random.seed(seed)
    return np.random.default_rng(seed)


# ----------------------------------------------------------------------------
# Input data: synthetic audio features and real photos / digits
# ----------------------------------------------------------------------------

def _mel_fb(n_mels, n_fft, sr, fmin, fmax, slaney_norm=False):
    """Triangular mel filterbank (HTK mel scale), [n_mels, n_fft//2+1]."""
    def hz2mel(f):
        return 2595.0 * np.log10(1.0 + f / 700.0)

    def mel2hz(m):
        return 700.0 * (10.0 ** (m / 2595.0) - 1.0)
    bins = np.linspace(0, sr / 2, n_fft // 2 + 1)
    pts = mel2hz(np.linspace(hz2mel(fmin), hz2mel(fmax), n_mels + 2))
    fb = np.zeros((n_mels, bins.size))
    for m in range(n_mels):
        lo, c, hi = pts[m], pts[m + 1], pts[m + 2]
        fb[m] = np.maximum(0, np.minimum((bins - lo) / (c - lo), (hi - bins) / (hi - c)))
        if slaney_norm:
            fb[m] *= 2.0 / (hi - lo)
    return fb


def _frames(sig, frame_len, hop):
    n = 1 + (len(sig) - frame_len) // hop
    idx = np.arange(frame_len)[None, :] + hop * np.arange(n)[:, None]
    return sig[idx]


def _hann(n):  # periodic, as tf.signal.hann_window / scipy.signal.get_window
    return 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(n) / n)


_KWS_FB = _mel_fb(40, 512, 16000, 20.0, 4000.0)
_KWS_DCT = (2 * np.cos(np.pi * np.arange(40)[:, None] * (2 * np.arange(40)[None, :] + 1) / 80)
            / np.sqrt(80.0))


def kws_mfcc(sig):
    """MLPerf Tiny KWS features: 30 ms window, 20 ms stride, |STFT| -> 40 mel
    (20..4000 Hz) -> log(+1e-6) -> DCT-II (tf.signal.mfccs_from_log_mel_spectrograms)
    -> first 10 coefficients. 1 s at 16 kHz -> [49, 10]."""
    fr = _frames(sig, 480, 320) * _hann(480)
    spec = np.abs(np.fft.rfft(fr, n=512))
    logmel = np.log(spec @ _KWS_FB.T + 1e-6)
    return (logmel @ _KWS_DCT.T)[:, :10]


_KWS_WORDS = None


def kws_templates():
    """10 fixed synthetic 'keywords': syllable count, vowel formant targets,
    fricative positions and pitch glide (MLPerf KWS has 10 words + silence + unknown)."""
    global _KWS_WORDS
    if _KWS_WORDS is None:
        r = np.random.default_rng(4242)
        _KWS_WORDS = [random_template(r) for _ in range(10)]
    return _KWS_WORDS


def random_template(r):
    nsyl = int(r.integers(1, 4))
    return dict(nsyl=nsyl,
                formants=np.stack([r.uniform(lo, hi, nsyl + 1)
                                   for lo, hi in ((300, 900), (900, 2400), (2200, 3400))]),
                fric=r.random(nsyl + 1) < 0.4, glide=r.uniform(-0.25, 0.25))


def synth_utterance(rng, template):
    """1 s of 16 kHz 'speech' in low background noise: a voiced word (glottal
    harmonics shaped by moving formants, fricative bursts) following `template`
    with speaker/timing variation; template None = silence (noise only)."""
    sr, n = 16000, 16000
    t = np.arange(n) / sr
    sig = 10 ** rng.uniform(-3.5, -2.3) * np.convolve(rng.standard_normal(n), np.ones(3) / 3, "same")
    if template is None:
        return sig
    nsyl = template["nsyl"]
    dur = rng.uniform(0.3, 0.45) * (1 + 0.3 * (nsyl - 1))
    t0 = rng.uniform(0.05, 0.95 - dur)
    tt = np.clip((t - t0) / dur, 0, 1)
    f0 = rng.uniform(90, 230) * (1 + template["glide"] * (tt - 0.5) + 0.03 * np.sin(2 * np.pi * 3 * t))
    phase = 2 * np.pi * np.cumsum(f0) / sr
    knots = np.linspace(t0, t0 + dur, nsyl + 1)
    vtl = rng.uniform(0.9, 1.1)  # vocal tract length: scales all formants
    formants = [(np.interp(t, knots, tr * vtl * rng.uniform(0.95, 1.05, nsyl + 1)), bw)
                for tr, bw in zip(template["formants"], (90, 140, 220))]
    env = np.zeros(n)
    for k in range(nsyl):
        a, b = knots[k], knots[k + 1]
        inside = (t >= a) & (t < b)
        env[inside] += np.sin(np.pi * (t[inside] - a) / (b - a)) ** 0.7 * rng.uniform(0.6, 1.0)
    voiced = np.zeros(n)
    for k in range(1, int(3800 / f0.max()) + 1):
        fk = k * f0
        amp = 0.03 / k + sum(g * np.exp(-0.5 * ((fk - fm) / bw) ** 2)
                             for (fm, bw), g in zip(formants, (1.0, 0.5, 0.25)))
        voiced += amp * np.sin(k * phase)
    sig += rng.uniform(0.05, 0.4) * voiced * env / 3.0
    for k in np.flatnonzero(template["fric"]):  # fricatives at syllable boundaries
        c, w = knots[k], rng.uniform(0.03, 0.06)
        burst = np.diff(rng.standard_normal(n + 1)) * np.exp(-0.5 * ((t - c) / w) ** 2)
        sig += rng.uniform(0.01, 0.03) * burst
    return sig


def kws_dataset(rng, count):
    """MFCC inputs [count,1,1,49,10] and labels: 0 silence, 1 unknown word, 2..11 keywords."""
    labels = rng.integers(0, 12, count)
    xs = []
    for lab in labels:
        tpl = None if lab == 0 else random_template(rng) if lab == 1 else kws_templates()[lab - 2]
        xs.append(kws_mfcc(synth_utterance(rng, tpl))[None, None])
    return np.stack(xs).astype(np.float32), labels.astype(np.int64)


_AD_FB = _mel_fb(128, 1024, 16000, 0.0, 8000.0, slaney_norm=True)


def ad_logmel(sig):
    """MLPerf Tiny / DCASE2020 AD features: n_fft 1024, hop 512, 128 mels, power 2,
    10*log10(mel + eps); vectors of 5 consecutive frames (frame-major) -> [T-4, 640]."""
    fr = _frames(sig, 1024, 512) * _hann(1024)
    power = np.abs(np.fft.rfft(fr)) ** 2
    lm = 10.0 * np.log10(power @ _AD_FB.T + sys.float_info.epsilon)
    t = lm.shape[0] - 4
    return np.stack([lm[i:i + 5].reshape(-1) for i in range(t)])


_MACHINE = None


def synth_machine(rng, seconds=2.0):
    """A 'fan/pump': rotation harmonics + resonant broadband noise + AM + background."""
    global _MACHINE
    if _MACHINE is None:
        mr = np.random.default_rng(1234)
        _MACHINE = dict(rot=mr.uniform(45, 60), harm=mr.uniform(0.1, 1.0, 30) / np.arange(1, 31) ** 0.7,
                        res=mr.uniform(500, 6000, 4), resbw=mr.uniform(100, 600, 4))
    sr = 16000
    n = int(seconds * sr)
    t = np.arange(n) / sr
    m = _MACHINE
    rot = m["rot"] * (1 + 0.01 * rng.standard_normal())
    tonal = sum(a * np.exp(0.2 * rng.standard_normal()) * np.sin(2 * np.pi * (k + 1) * rot * t + rng.uniform(0, 6))
                for k, a in enumerate(m["harm"]))
    spec = np.fft.rfft(rng.standard_normal(n))
    f = np.fft.rfftfreq(n, 1 / sr)
    shape = 0.2 / (1 + f / 300) + sum(np.exp(-0.5 * ((f - c) / bw) ** 2) for c, bw in zip(m["res"], m["resbw"]))
    broad = np.fft.irfft(spec * shape, n)
    broad /= broad.std()
    am = 1 + 0.1 * np.sin(2 * np.pi * rng.uniform(0.5, 3) * t)
    sig = am * (0.02 * tonal + 0.05 * broad) + 10 ** rng.uniform(-3, -2) * rng.standard_normal(n)
    return sig * 10 ** rng.uniform(-0.3, 0.3)


def ad_vectors(rng, clips):
    return np.concatenate([ad_logmel(synth_machine(rng)) for _ in range(clips)]).astype(np.float32)


_PHOTOS = None


def photos():
    global _PHOTOS
    if _PHOTOS is None:
        from sklearn.datasets import load_sample_images
        _PHOTOS = load_sample_images().images  # china.jpg, flower.jpg: uint8 427x640x3
    return _PHOTOS


def photo_crop(img, y, x, size, out, flip=False):
    from PIL import Image
    im = Image.fromarray(img[y:y + size, x:x + size]).resize((out, out), Image.BILINEAR)
    a = np.asarray(im, dtype=np.float32) / 255.0
    if flip:
        a = a[:, ::-1]
    return np.ascontiguousarray(a.transpose(2, 0, 1))[None]  # [1,3,out,out] in [0,1]


def photo_samples(rng, count, out, min_frac=0.25, max_frac=1.0, with_labels=False):
    """Random crops of the two sklearn photos, resized to out x out, random flips.
    Labels: 'vww' = which photo (0 china, 1 flower); 'region' = photo*5 + region
    of the crop centre (0..3 quadrants, 4 centre)."""
    res, vww, region = [], [], []
    for _ in range(count):
        p = int(rng.integers(0, 2))
        size = int(rng.uniform(min_frac, max_frac) * 427)
        y = int(rng.integers(0, 427 - size + 1))
        x = int(rng.integers(0, 640 - size + 1))
        res.append(photo_crop(photos()[p], y, x, size, out, bool(rng.random() < 0.5)))
        cy, cx = (y + size / 2) / 427, (x + size / 2) / 640
        r = 4 if abs(cy - 0.5) < 0.15 and abs(cx - 0.5) < 0.15 else int(cy > 0.5) * 2 + int(cx > 0.5)
        vww.append(p)
        region.append(p * 5 + r)
    xs = np.stack(res).astype(np.float32)
    if with_labels:
        return xs, np.array(vww, np.int64), np.array(region, np.int64)
    return xs


_DIGITS = None


def digits_split():
    """sklearn digits scaled to [0,1], stratified 80/20 split with random_state=0."""
    global _DIGITS
    if _DIGITS is None:
        from sklearn.datasets import load_digits
        from sklearn.model_selection import train_test_split
        d = load_digits()
        x = (d.images / 16.0).astype(np.float32)[:, None, None]  # [N,1,1,8,8]
        y = d.target.astype(np.int64)
        _DIGITS = train_test_split(x, y, test_size=0.2, random_state=0, stratify=y)
    return _DIGITS  # xtr, xte, ytr, yte


# ----------------------------------------------------------------------------
# Torch building blocks
# ----------------------------------------------------------------------------

EXPORTING = [False]


class SameConv2d(nn.Conv2d):
    """Conv2d with TensorFlow/Keras 'same' padding, which is asymmetric
    (extra row/column at the bottom/right) for the MLPerf Tiny models. In
    PyTorch it runs F.pad + conv; for export it runs with the symmetric padding
    that gives the same output shape, and fix_same_pads() then writes the true
    asymmetric pads into the ONNX Conv node."""

    def __init__(self, cin, cout, k, stride, in_hw, groups=1, bias=True):
        super().__init__(cin, cout, k, stride=stride, padding=0, groups=groups, bias=bias)
        pads = []  # (begin, end) per spatial axis
        for n, kk, s in zip(in_hw, self.kernel_size, self.stride):
            out = -(-n // s)
            total = max((out - 1) * s + kk - n, 0)
            pads.append((total // 2, total - total // 2))
        self.tf_pads = pads
        self.sym = tuple(e for _, e in pads)  # symmetric stand-in, same output shape
        for (b, e), n, kk, s in zip(pads, in_hw, self.kernel_size, self.stride):
            assert (n + b + e - kk) // s == (n + 2 * e - kk) // s

    def forward(self, x):
        if EXPORTING[0]:
            return F.conv2d(x, self.weight, self.bias, self.stride, self.sym, 1, self.groups)
        (t, b), (l, r) = self.tf_pads
        return F.conv2d(F.pad(x, (l, r, t, b)), self.weight, self.bias, self.stride, 0, 1, self.groups)

    def onnx_pads(self):
        (t, b), (l, r) = self.tf_pads
        return [t, l, b, r]


def he_init(model, rng_seed, bias_std=0.05):
    g = torch.Generator().manual_seed(rng_seed)
    for m in model.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            fan_in = m.weight[0].numel()
            with torch.no_grad():
                m.weight.copy_(torch.randn(m.weight.shape, generator=g) * (2.0 / fan_in) ** 0.5)
                if m.bias is not None:
                    m.bias.copy_(torch.randn(m.bias.shape, generator=g) * bias_std)


def train_classifier(m, x, y, steps, seed, batch=32, lr=2e-3, smoothing=0.1, flip=False):
    """Adam + cosine decay, cross entropy with label smoothing (keeps logits moderate).
    x: [N, C, H, W] (or [N, F]); uses m.logits if the model has it (softmax models)."""
    g = torch.Generator().manual_seed(seed)
    fwd = getattr(m, "logits", m)
    opt = torch.optim.Adam(m.parameters(), lr=lr)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, steps)
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    m.train()
    step = 0
    while step < steps:
        perm = torch.randperm(len(xt), generator=g)
        for i in range(0, len(xt) - batch + 1, batch):
            idx = perm[i:i + batch]
            xb = xt[idx]
            if flip:
                mask = (torch.rand(batch, generator=g) < 0.5)[:, None, None, None]
                xb = torch.where(mask, xb.flip(3), xb)
            loss = F.cross_entropy(fwd(xb), yt[idx], label_smoothing=smoothing)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            step += 1
            if step == steps:
                break
    m.eval()


def accuracy(m, x, y):
    m.eval()
    with torch.no_grad():
        return float((getattr(m, "logits", m)(torch.from_numpy(x)).argmax(1).numpy() == y).mean())


# ----------------------------------------------------------------------------
# Models
# ----------------------------------------------------------------------------

class KwsDsCnn(nn.Module):
    """MLPerf Tiny KWS DS-CNN (benchmark/training/keyword_spotting/keras_model.py)."""

    def __init__(self, labels=12, filters=64):
        super().__init__()
        self.conv1 = SameConv2d(1, filters, (10, 4), (2, 2), (49, 10))  # pads [4,1,5,1]
        self.bn1 = nn.BatchNorm2d(filters)
        layers = []
        for _ in range(4):
            layers += [nn.Conv2d(filters, filters, 3, padding=1, groups=filters), nn.BatchNorm2d(filters), nn.ReLU(),
                       nn.Conv2d(filters, filters, 1), nn.BatchNorm2d(filters), nn.ReLU()]
        self.ds = nn.Sequential(*layers)
        # Keras AveragePooling2D(pool_size=(int(49/2), int(10/2))) on the 25x5 map
        self.pool = nn.AvgPool2d((24, 5))
        self.fc = nn.Linear(filters, labels)

    def logits(self, x):
        x = self.ds(F.relu(self.bn1(self.conv1(x))))
        return self.fc(torch.flatten(self.pool(x), 1))

    def forward(self, x):
        return torch.softmax(self.logits(x), dim=1)


class VwwMobileNetV1(nn.Module):
    """MobileNetV1 alpha=0.25, 96x96x3, 2 classes (MLPerf Tiny VWW), ReLU6."""

    def __init__(self, classes=2, alpha=0.25):
        super().__init__()
        c = int(32 * alpha)
        hw = 96
        layers = [SameConv2d(3, c, 3, 2, (hw, hw)), nn.BatchNorm2d(c), nn.ReLU6()]
        hw //= 2
        cfg = [(64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2)] + [(512, 1)] * 5 + [(1024, 2), (1024, 1)]
        for cout, s in cfg:
            cout = int(cout * alpha)
            dw = SameConv2d(c, c, 3, s, (hw, hw), groups=c) if s == 2 else nn.Conv2d(c, c, 3, padding=1, groups=c)
            layers += [dw, nn.BatchNorm2d(c), nn.ReLU6(), nn.Conv2d(c, cout, 1), nn.BatchNorm2d(cout), nn.ReLU6()]
            hw //= s
            c = cout
        self.features = nn.Sequential(*layers)
        self.pool = nn.AvgPool2d(hw)  # 3x3
        self.fc = nn.Linear(c, classes)

    def logits(self, x):
        return self.fc(torch.flatten(self.pool(self.features(x)), 1))

    def forward(self, x):
        return torch.softmax(self.logits(x), dim=1)


class ResStack(nn.Module):
    def __init__(self, cin, cout, stride, hw):
        super().__init__()
        if stride == 1:
            self.conv1 = nn.Conv2d(cin, cout, 3, padding=1)
        else:
            self.conv1 = SameConv2d(cin, cout, 3, stride, (hw, hw))  # pads [0,0,1,1]
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1)
        self.bn2 = nn.BatchNorm2d(cout)
        self.proj = nn.Conv2d(cin, cout, 1, stride=stride) if stride != 1 or cin != cout else None

    def forward(self, x):
        y = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        if self.proj is not None:
            x = self.proj(x)
        return F.relu(x + y)


class IcResNet8(nn.Module):
    """MLPerf Tiny IC ResNet-8 (resnet_v1_eembc, 16/32/64 filters), 32x32x3, 10 classes."""

    def __init__(self, classes=10, f=16):
        super().__init__()
        self.conv1 = nn.Conv2d(3, f, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(f)
        self.stack1 = ResStack(f, f, 1, 32)
        self.stack2 = ResStack(f, 2 * f, 2, 32)
        self.stack3 = ResStack(2 * f, 4 * f, 2, 16)
        self.pool = nn.AvgPool2d(8)
        self.fc = nn.Linear(4 * f, classes)

    def logits(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        x = self.stack3(self.stack2(self.stack1(x)))
        return self.fc(torch.flatten(self.pool(x), 1))

    def forward(self, x):
        return torch.softmax(self.logits(x), dim=1)


class AdAutoencoder(nn.Module):
    """MLPerf Tiny AD FC autoencoder: 640 -> 4x(128,BN,ReLU) -> (8,BN,ReLU) -> 4x(128,BN,ReLU) -> 640."""

    def __init__(self, dim=640):
        super().__init__()
        layers = []
        sizes = [dim, 128, 128, 128, 128, 8, 128, 128, 128, 128]
        for a, b in zip(sizes[:-1], sizes[1:]):
            layers += [nn.Linear(a, b), nn.BatchNorm1d(b), nn.ReLU()]
        self.body = nn.Sequential(*layers)
        self.out = nn.Linear(128, dim)

    def forward(self, x):
        return self.out(self.body(x))


class DigitsCnn(nn.Module):
    def __init__(self, bn=False):
        super().__init__()
        self.use_bn = bn
        self.conv1 = nn.Conv2d(1, 16, 3, padding=1, bias=not bn)
        self.conv2 = nn.Conv2d(16, 32, 3, padding=1, bias=not bn)
        self.conv3 = nn.Conv2d(32, 32, 3, padding=1, bias=not bn)
        if bn:
            self.bn1, self.bn2, self.bn3 = nn.BatchNorm2d(16), nn.BatchNorm2d(32), nn.BatchNorm2d(32)
            self.fc = nn.Linear(32, 10)  # after GlobalAveragePool
        else:
            self.fc = nn.Linear(32 * 4 * 4, 10)  # after Flatten

    def forward(self, x):
        if self.use_bn:
            x = F.relu(self.bn1(self.conv1(x)))
            x = F.max_pool2d(F.relu(self.bn2(self.conv2(x))), 2)
            x = F.relu(self.bn3(self.conv3(x)))
            return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))
        x = F.relu(self.conv1(x))
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = F.relu(self.conv3(x))
        return self.fc(torch.flatten(x, 1))


class Branchy(nn.Module):
    """Memory-planning test: stem conv -> maxpool -> 3-branch inception block
    (1x1 | 1x1->3x3 | 1x1->5x5, Concat) -> residual block (Add) -> GAP -> Linear."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 16, 3, padding=1)
        self.b1 = nn.Conv2d(16, 8, 1)
        self.b2a = nn.Conv2d(16, 8, 1)
        self.b2b = nn.Conv2d(8, 12, 3, padding=1)
        self.b3a = nn.Conv2d(16, 4, 1)
        self.b3b = nn.Conv2d(4, 8, 5, padding=2)
        self.r1 = nn.Conv2d(28, 28, 3, padding=1)
        self.r2 = nn.Conv2d(28, 28, 3, padding=1)
        self.fc = nn.Linear(28, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.stem(x)), 2)
        y = torch.cat([F.relu(self.b1(x)),
                       F.relu(self.b2b(F.relu(self.b2a(x)))),
                       F.relu(self.b3b(F.relu(self.b3a(x))))], dim=1)
        z = self.r2(F.relu(self.r1(y)))
        x = F.relu(y + z)
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


# ----------------------------------------------------------------------------
# ONNX export and graph cleanup
# ----------------------------------------------------------------------------

def _const_value(graph, name):
    for i in graph.initializer:
        if i.name == name:
            return numpy_helper.to_array(i)
    for n in graph.node:
        if n.op_type == "Constant" and n.output[0] == name:
            return numpy_helper.to_array(n.attribute[0].t)
    return None


def _bypass(graph, node):
    """Remove a single-input-passthrough node, rewiring its consumers."""
    src, dst = node.input[0], node.output[0]
    assert dst not in [o.name for o in graph.output]
    for n in graph.node:
        for k, name in enumerate(n.input):
            if name == dst:
                n.input[k] = src
    graph.node.remove(node)


def _prune_unused(graph):
    while True:
        used = {i for n in graph.node for i in n.input} | {o.name for o in graph.output}
        dead = [n for n in graph.node if n.op_type == "Constant" and n.output[0] not in used]
        for n in dead:
            graph.node.remove(n)
        if not dead:
            break
    for init in [i for i in graph.initializer if i.name not in used]:
        graph.initializer.remove(init)


def cleanup(model):
    """Drop exporter artifacts: Pad nodes with all-zero pads (torch emits one
    before every AvgPool2d) and Identity nodes (torch dedups equal tensors)."""
    g = model.graph
    for n in list(g.node):
        if n.op_type == "Pad":
            pads = _const_value(g, n.input[1])
            if pads is not None and not np.any(pads):
                _bypass(g, n)
        elif n.op_type == "Identity":
            _bypass(g, n)
    _prune_unused(g)


def fix_same_pads(model, torch_model):
    """Write the asymmetric TF 'same' pads of SameConv2d modules into the Conv
    nodes. Conv nodes are matched to modules by the exporter's scope names."""
    by_name = {q: m for q, m in torch_model.named_modules() if isinstance(m, nn.Conv2d)}
    patched = 0
    for n in model.graph.node:
        if n.op_type != "Conv":
            continue
        # torch 1.13 scope names: "/stack2/conv1/Conv", "/features/features.3/Conv"
        parts = [p for p in n.name.split("/") if p][:-1]
        key = ".".join(p.split(".")[-1] for p in parts)
        m = by_name.get(key)
        assert m is not None, f"cannot map ONNX node {n.name} to a torch module"
        if isinstance(m, SameConv2d):
            pads = m.onnx_pads()
            for a in n.attribute:
                if a.name == "pads":
                    del a.ints[:]
                    a.ints.extend(pads)
                    break
            else:
                n.attribute.append(helper.make_attribute("pads", pads))
            patched += 1
    want = sum(isinstance(m, SameConv2d) for m in torch_model.modules())
    assert patched == want, (patched, want)


def export(torch_model, example, keep_bn=False):
    torch_model.eval()
    f = io.BytesIO()
    EXPORTING[0] = True
    try:
        torch.onnx.export(torch_model, torch.from_numpy(example), f, input_names=["input"],
                          output_names=["output"], opset_version=OPSET, do_constant_folding=True,
                          training=torch.onnx.TrainingMode.PRESERVE if keep_bn else torch.onnx.TrainingMode.EVAL)
    finally:
        EXPORTING[0] = False
    model = onnx.load_from_string(f.getvalue())
    cleanup(model)
    fix_same_pads(model, torch_model)
    return model


def torch_forward(model, xs):
    model.eval()
    with torch.no_grad():
        return [model(torch.from_numpy(x)).numpy() for x in xs]


# ----------------------------------------------------------------------------
# Statistics
# ----------------------------------------------------------------------------

def model_stats(model):
    inferred = onnx.shape_inference.infer_shapes(model)
    g = inferred.graph
    shapes = {}
    for vi in list(g.input) + list(g.output) + list(g.value_info):
        shapes[vi.name] = [d.dim_value for d in vi.type.tensor_type.shape.dim]
    for i in g.initializer:
        shapes[i.name] = list(i.dims)
    macs = 0
    for n in g.node:
        attrs = {a.name: helper.get_attribute_value(a) for a in n.attribute}
        if n.op_type == "Conv":
            w = shapes[n.input[1]]
            macs += int(np.prod(shapes[n.output[0]])) * int(np.prod(w[1:]))
        elif n.op_type == "Gemm":
            a, b = shapes[n.input[0]], shapes[n.input[1]]
            m_ = a[1] if attrs.get("transA", 0) else a[0]
            k = a[0] if attrs.get("transA", 0) else a[1]
            n_ = b[0] if attrs.get("transB", 0) else b[1]
            macs += m_ * k * n_
        elif n.op_type == "MatMul":
            macs += int(np.prod(shapes[n.output[0]])) * shapes[n.input[0]][-1]
    inits = {i.name for i in g.initializer}
    params = sum(int(np.prod(i.dims)) for i in g.initializer if i.data_type == TensorProto.FLOAT)
    ops = Counter(n.op_type for n in g.node)
    ins = [(i.name, shapes[i.name]) for i in g.input if i.name not in inits]
    outs = [(o.name, shapes[o.name]) for o in g.output]
    return dict(macs=macs, params=params, ops=dict(sorted(ops.items(), key=lambda kv: (-kv[1], kv[0]))),
                inputs=ins, outputs=outs)


# ----------------------------------------------------------------------------
# Writing and checking
# ----------------------------------------------------------------------------

def save_model(name, model, example, calib, ref_fn, info):
    """Check, save, cross-check against ONNX Runtime and write test data."""
    onnx.checker.check_model(model, full_check=True)
    path = os.path.join(HERE, f"{name}.onnx")
    with open(path, "wb") as f:
        f.write(model.SerializeToString())
    assert calib.dtype == np.float32 and calib.shape[1:] == example.shape, (calib.shape, example.shape)
    np.save(os.path.join(HERE, f"{name}_calib.npy"), calib)

    samples = [example] + list(calib)
    ort_outs = [o[0] for o in run_ort_batch(path, [[s] for s in samples])]
    ref_outs = ref_fn(samples)
    diffs = [float(np.max(np.abs(a - b))) for a, b in zip(ort_outs, ref_outs)]
    assert all(a.shape == b.shape for a, b in zip(ort_outs, ref_outs))
    assert max(diffs) < TOL, f"{name}: ORT vs reference max abs diff {max(diffs)}"

    d = os.path.join(HERE, name, "test_data_set_0")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "input_0.pb"), "wb") as f:
        f.write(numpy_helper.from_array(example, "input").SerializeToString())
    with open(os.path.join(d, "output_0.pb"), "wb") as f:
        f.write(numpy_helper.from_array(ort_outs[0], "output").SerializeToString())

    info.update(model_stats(model))
    info.update(name=name, diff_test=diffs[0], diff_all=max(diffs), file_bytes=os.path.getsize(path),
                calib_shape=list(calib.shape))
    print(f"  {name}: params {info['params']}, MACs {info['macs']}, ORT-vs-ref max diff "
          f"{diffs[0]:.2e} (test input), {max(diffs):.2e} (all {len(samples)} samples)")
    print(f"    ops: {info['ops']}")
    return info


def check_bn_kept(model, count):
    bns = [n for n in model.graph.node if n.op_type == "BatchNormalization"]
    assert len(bns) == count, f"expected {count} BatchNormalization nodes, got {len(bns)}"
    for n in bns:
        assert len(n.output) == 1, "BatchNormalization must be inference-mode (1 output)"
        for k, default in ((1, 1.0), (2, 0.0), (3, 0.0), (4, 1.0)):
            v = _const_value(model.graph, n.input[k])
            assert v is not None and not np.allclose(v, default), f"{n.name}: trivial BN input {k}"


# ----------------------------------------------------------------------------
# Builders
# ----------------------------------------------------------------------------

def build_kws():
    rng = seed_all(101)
    xtr, ytr = kws_dataset(rng, 1500)
    xte, yte = kws_dataset(rng, 300)
    calib = kws_dataset(rng, N_CALIB)[0]
    x = xte[int(np.flatnonzero(yte >= 2)[0])]
    m = KwsDsCnn()
    he_init(m, 101)
    train_classifier(m, xtr[:, 0], ytr, steps=600, seed=102)
    acc = accuracy(m, xte[:, 0], yte)
    print(f"  kws_dscnn: proxy-task test accuracy {acc:.4f}")
    model = export(m, x)
    return save_model("kws_dscnn", model, x, calib, lambda xs: torch_forward(m, xs), dict(
        desc="MLPerf Tiny keyword spotting DS-CNN (small): Conv 10x4/2 (TF 'same' pads [4,1,5,1]) + "
             "4 depthwise-separable blocks (64 ch), AvgPool 24x5 (as the Keras reference), FC 12, Softmax. "
             "BN folded by the exporter. Input: MFCC [49 frames x 10] (MLPerf front end) of synthetic "
             "speech; trained on a synthetic 12-class task (silence, unknown, 10 synthetic words).",
        accuracy=f"{acc * 100:.1f}% (proxy task, {len(yte)} samples)"))


def build_vww():
    rng = seed_all(201)
    xtr, ytr, _ = photo_samples(rng, 1024, 96, with_labels=True)
    xte, yte, _ = photo_samples(rng, 256, 96, with_labels=True)
    calib = photo_samples(rng, N_CALIB, 96)
    x = photo_crop(photos()[0], 40, 150, 300, 96)
    m = VwwMobileNetV1()
    he_init(m, 201)
    train_classifier(m, xtr[:, 0], ytr, steps=200, seed=202, batch=16, flip=True)
    acc = accuracy(m, xte[:, 0], yte)
    print(f"  vww_mobilenet_v1_025: proxy-task test accuracy {acc:.4f}")
    model = export(m, x)
    return save_model("vww_mobilenet_v1_025", model, x, calib, lambda xs: torch_forward(m, xs), dict(
        desc="MobileNetV1 alpha 0.25 for visual wake words: 96x96x3 RGB in [0,1], 13 depthwise-separable "
             "blocks, ReLU6 (Clip 0..6), stride-2 convs with TF 'same' pads [0,0,1,1], AvgPool 3, FC 2, "
             "Softmax. BN folded. Trained briefly on a proxy task: which of sklearn's two sample photos "
             "a random crop comes from. Input: crop of china.jpg.",
        accuracy=f"{acc * 100:.1f}% (proxy task, {len(yte)} samples)"))


_REGION = None


def region_data():
    """Proxy 10-class task on 32x32 photo crops (photo x crop-centre region)."""
    global _REGION
    if _REGION is None:
        rng = np.random.default_rng(300)
        xtr, _, ytr = photo_samples(rng, 2048, 32, 0.2, 0.45, with_labels=True)
        xte, _, yte = photo_samples(rng, 512, 32, 0.2, 0.45, with_labels=True)
        _REGION = xtr[:, 0], ytr, xte[:, 0], yte
    return _REGION


def build_ic():
    rng = seed_all(301)
    xtr, ytr, xte, yte = region_data()
    calib = photo_samples(rng, N_CALIB, 32, 0.2, 0.45)
    x = photo_crop(photos()[1], 120, 260, 160, 32)
    m = IcResNet8()
    he_init(m, 301)
    train_classifier(m, xtr, ytr, steps=500, seed=302)
    acc = accuracy(m, xte, yte)
    print(f"  ic_resnet8: proxy-task test accuracy {acc:.4f}")
    model = export(m, x)
    return save_model("ic_resnet8", model, x, calib, lambda xs: torch_forward(m, xs), dict(
        desc="MLPerf Tiny image classification ResNet-8 (16/32/64 filters, 1x1 stride-2 projection convs "
             "without BN, stride-2 3x3 convs with TF 'same' pads [0,0,1,1]), AvgPool 8, FC 10, Softmax. "
             "BN folded. Input: 32x32 photo crop in [0,1]; trained on a proxy 10-class task "
             "(which photo x which region the crop centre is in).",
        accuracy=f"{acc * 100:.1f}% (proxy task, {len(yte)} samples)"))


def build_ad():
    rng = seed_all(401)
    train = ad_vectors(rng, 24)
    held = ad_vectors(rng, 4)
    x = held[0:1]
    calib = held[1 + np.arange(N_CALIB) * ((len(held) - 1) // N_CALIB)][:, None]
    m = AdAutoencoder()
    he_init(m, 401)
    with torch.no_grad():
        m.out.bias.copy_(torch.from_numpy(train.mean(0)))
    opt = torch.optim.Adam(m.parameters(), lr=1e-3)
    g = torch.Generator().manual_seed(402)
    xt = torch.from_numpy(train)
    m.train()
    for epoch in range(60):
        perm = torch.randperm(len(xt), generator=g)
        for i in range(0, len(xt), 64):
            b = xt[perm[i:i + 64]]
            if len(b) < 2:
                continue
            loss = F.mse_loss(m(b), b)
            opt.zero_grad()
            loss.backward()
            opt.step()
    m.eval()
    with torch.no_grad():
        mse_train = F.mse_loss(m(xt), xt).item()
        mse_held = F.mse_loss(m(torch.from_numpy(held)), torch.from_numpy(held)).item()
    print(f"  ad_autoencoder: reconstruction MSE train {mse_train:.2f}, held-out {mse_held:.2f} (dB^2)")
    model = export(m, x, keep_bn=True)
    check_bn_kept(model, 9)
    return save_model("ad_autoencoder", model, x, calib, lambda xs: torch_forward(m, xs), dict(
        desc="MLPerf Tiny anomaly detection FC autoencoder 640-128x4-8-128x4-640; BatchNormalization "
             "nodes kept after each Gemm (9, inference mode). Trained 60 epochs on synthetic 'machine' "
             f"log-mel vectors (5 frames x 128 mels, dB); reconstruction MSE {mse_held:.1f} dB^2 held-out.",
        accuracy=f"recon. MSE {mse_held:.1f} dB^2"))


def train_digits(m, seed, epochs):
    xtr, xte, ytr, yte = digits_split()
    g = torch.Generator().manual_seed(seed)
    opt = torch.optim.Adam(m.parameters(), lr=3e-3)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, epochs)
    xt, yt = torch.from_numpy(xtr[:, 0]), torch.from_numpy(ytr)
    for _ in range(epochs):
        m.train()
        perm = torch.randperm(len(xt), generator=g)
        for i in range(0, len(xt), 32):
            idx = perm[i:i + 32]
            loss = F.cross_entropy(m(xt[idx]), yt[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
        sched.step()
    m.eval()
    with torch.no_grad():
        pred = m(torch.from_numpy(xte[:, 0])).argmax(1).numpy()
    return float((pred == yte).mean())


def build_digits(bn):
    name = "digits_cnn_bn" if bn else "digits_cnn"
    seed = 601 if bn else 501
    seed_all(seed)
    xtr, xte, ytr, yte = digits_split()
    m = DigitsCnn(bn=bn)
    acc = train_digits(m, seed, 30)
    assert acc >= 0.95, f"{name}: test accuracy {acc:.4f} < 0.95"
    print(f"  {name}: PyTorch float test accuracy {acc:.4f} ({len(yte)} samples)")
    rng = np.random.default_rng(seed)
    calib = xtr[rng.permutation(len(xtr))[:N_CALIB_DIGITS]]
    x = xte[0]
    model = export(m, x, keep_bn=bn)
    if bn:
        check_bn_kept(model, 3)
    info = save_model(name, model, x, calib, lambda xs: torch_forward(m, xs), dict(
        desc=("Digits CNN with BatchNormalization kept after each bias-free Conv (3, inference mode, "
              "trained stats), GlobalAveragePool, FC 10 (logits)." if bn else
              "Digits CNN: Conv 16-Conv 32-MaxPool-Conv 32 (3x3, ReLU), Flatten, FC 10 (logits).")
        + " Trained on sklearn digits (8x8, [0,1]), stratified 80/20 split, random_state=0.",
        accuracy=f"{acc * 100:.2f}% (PyTorch)"))
    # the whole test split through ONNX Runtime in one node process
    outs = run_ort_batch(os.path.join(HERE, f"{name}.onnx"), [[s] for s in xte])
    ort_acc = float((np.array([o[0].argmax() for o in outs]) == yte).mean())
    print(f"  {name}: ONNX Runtime float test accuracy {ort_acc:.4f}")
    info["accuracy"] += f", {ort_acc * 100:.2f}% (ORT)"
    return info


def build_branchy():
    rng = seed_all(701)
    xtr, ytr, xte, yte = region_data()
    calib = photo_samples(rng, N_CALIB, 32, 0.2, 0.45)
    x = photo_crop(photos()[0], 100, 300, 150, 32)
    m = Branchy()
    he_init(m, 701)
    train_classifier(m, xtr, ytr, steps=400, seed=702)
    acc = accuracy(m, xte, yte)
    print(f"  branchy: proxy-task test accuracy {acc:.4f}")
    model = export(m, x)
    return save_model("branchy", model, x, calib, lambda xs: torch_forward(m, xs), dict(
        desc="Memory-planning test: Conv 3x3 + ReLU + MaxPool 2, inception block of 3 branches "
             "(1x1 | 1x1->3x3 | 1x1->5x5) joined by Concat (28 ch), residual block (2 Conv 3x3 + Add), "
             "GlobalAveragePool, FC 10 (logits). Trained on the same proxy task as ic_resnet8.",
        accuracy=f"{acc * 100:.1f}% (proxy task, {len(yte)} samples)"))


def build_opset9_mlp():
    rng = seed_all(801)
    xtr, xte, _, _ = digits_split()
    w1 = (rng.standard_normal((64, 32)) * np.sqrt(2 / 64)).astype(np.float32)
    b1 = (rng.standard_normal(32) * 0.1).astype(np.float32)
    w2 = (rng.standard_normal((32, 10)) * np.sqrt(2 / 32)).astype(np.float32)
    b2 = (rng.standard_normal(10) * 0.1).astype(np.float32)
    inits = [numpy_helper.from_array(w1, "fc1.weight"), numpy_helper.from_array(b1, "fc1.bias"),
             numpy_helper.from_array(w2, "fc2.weight"), numpy_helper.from_array(b2, "fc2.bias")]
    nodes = [
        helper.make_node("Constant", [], ["shape"], name="shape_const",
                         value=numpy_helper.from_array(np.array([1, 64], np.int64), "shape_value")),
        helper.make_node("Reshape", ["input", "shape"], ["flat"], name="reshape"),
        helper.make_node("MatMul", ["flat", "fc1.weight"], ["mm1"], name="fc1_matmul"),
        helper.make_node("Add", ["mm1", "fc1.bias"], ["h1"], name="fc1_add"),
        helper.make_node("Relu", ["h1"], ["a1"], name="relu1"),
        helper.make_node("MatMul", ["a1", "fc2.weight"], ["mm2"], name="fc2_matmul"),
        helper.make_node("Add", ["mm2", "fc2.bias"], ["output"], name="fc2_add"),
    ]
    # Old-exporter style: IR version 4 and the weights also listed as graph inputs.
    graph_inputs = [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 1, 8, 8])] + [
        helper.make_tensor_value_info(i.name, TensorProto.FLOAT, list(i.dims)) for i in inits]
    graph = helper.make_graph(nodes, "opset9_mlp", graph_inputs,
                              [helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, 10])], inits)
    model = helper.make_model(graph, producer_name="tinyaot-build_models",
                              opset_imports=[helper.make_opsetid("", 9)])
    model.ir_version = 4

    def ref(xs):
        return [np.maximum(x.reshape(1, 64) @ w1 + b1, 0) @ w2 + b2 for x in xs]
    rng2 = np.random.default_rng(802)
    calib = xtr[rng2.permutation(len(xtr))[:N_CALIB_DIGITS]]
    return save_model("opset9_mlp", model, xte[0], calib, ref, dict(
        desc="Opset-9, IR-4 MLP built with onnx.helper: Reshape (shape from a Constant node) 64 -> "
             "MatMul+Add 32 -> Relu -> MatMul+Add 10; weights are initializers that are also listed as "
             "graph inputs (old exporter style). Random weights (seed 801). Input: a digits image. "
             "Reference from ONNX Runtime, checked against numpy."))


# ----------------------------------------------------------------------------
# README
# ----------------------------------------------------------------------------

def fmt_shape(io_list):
    return ", ".join(f"{n} [{'x'.join(map(str, s))}]" for n, s in io_list)


def write_readme(infos, n_test):
    lines = [
        "# Reference models",
        "",
        "Generated by `/usr/bin/python3 models/build_models.py` (deterministic: fixed seeds, one thread;",
        "needs torch 1.13, onnx 1.12, numpy, scikit-learn and ONNX Runtime via `tests/tools/ort`, all",
        "installed by `scripts/setup.sh`; takes about 3 minutes on 2 cores, most of it training).",
        "Do not edit the generated files by hand; rerunning reproduces them byte for byte on the same",
        "machine.",
        "",
        "Per model `NAME`:",
        "",
        "- `NAME.onnx`: opset 13 unless noted, static shapes, batch 1, input `input`, output `output`.",
        "- `NAME/test_data_set_0/input_0.pb`, `output_0.pb`: ONNX backend-test layout (TensorProto).",
        "  `output_0.pb` is ONNX Runtime's output (CPU, 1 thread, graph optimization `all`), checked",
        f"  against PyTorch (numpy for `opset9_mlp`) to max abs diff < {TOL:g} on the test input and on",
        "  every calibration sample.",
        "- `NAME_calib.npy`: float32 calibration data `[N, *input_shape]` (N=32; 64 for digits-based",
        "  models), from the same distribution as the test input.",
        "",
        f"`digits_test_x.npy` (float32 [{n_test},1,1,8,8]) and `digits_test_y.npy` (int64 [{n_test}]) are the",
        "test split of `sklearn.datasets.load_digits` (pixels/16, `train_test_split(test_size=0.2,",
        "random_state=0, stratify=y)`).",
        "",
        "MACs count Conv, Gemm and MatMul multiply-accumulates only. Params = float elements in the",
        "initializers (includes BN running stats where BN nodes are kept).",
        "",
        "| model | input | output | params | MACs | float accuracy | max abs ORT vs ref |",
        "|---|---|---|---:|---:|---|---:|",
    ]
    for i in infos:
        lines.append(f"| `{i['name']}` | {fmt_shape(i['inputs'])} | {fmt_shape(i['outputs'])} | "
                     f"{i['params']:,} | {i['macs']:,} | {i.get('accuracy', 'n/a (random weights)')} | "
                     f"{i['diff_all']:.1e} |")
    lines += ["", "## Models", ""]
    for i in infos:
        ops = ", ".join(f"{k} {v}" for k, v in i["ops"].items())
        lines.append(f"- **`{i['name']}`**: {i['desc']}  ")
        lines.append(f"  Ops: {ops}.")
    lines += [
        "",
        "## Notes",
        "",
        "- The MLPerf Tiny models follow the Keras references in mlcommons/tiny, including TF `same`",
        "  padding: where it is asymmetric (KWS first conv, every stride-2 3x3 conv in VWW and ResNet-8)",
        "  the ONNX Conv has asymmetric `pads`. They end with Softmax as the references do. KWS pools",
        "  with AveragePool 24x5 over its 25x5 map, as the reference does (the last row is dropped).",
        "- No MLPerf datasets are available offline, so `kws_dscnn`, `vww_mobilenet_v1_025`,",
        "  `ic_resnet8` and `branchy` are trained briefly on proxy tasks built from synthetic audio or",
        "  the two photos bundled with scikit-learn (label smoothing 0.1, so softmax outputs are not",
        "  saturated). Their weights and activation ranges are those of trained networks, which",
        "  matters for int8 tests; the accuracy column is proxy-task accuracy, not MLPerf accuracy.",
        "  The proxy test sets are not saved.",
        "- Graphs are as `torch.onnx.export` (torch 1.13, `do_constant_folding=True`) wrote them,",
        "  minus exporter artifacts: the all-zero Pad it puts before every AvgPool2d and Identity",
        "  nodes are removed, and the TF `same` pads are written into the Conv nodes. Clip (ReLU6)",
        "  takes min/max from Constant nodes, as exported.",
        "- `ad_autoencoder` and `digits_cnn_bn` keep their BatchNormalization nodes (exported with",
        "  `TrainingMode.PRESERVE` from eval mode; the build asserts inference-mode BN with non-trivial",
        "  scale, bias, mean and variance).",
        "- KWS inputs are MFCCs (MLPerf Tiny front end: 30 ms / 20 ms frames, 40 mel bins 20-4000 Hz,",
        "  log, DCT, 10 coefficients) of synthetic speech (classes: silence, unknown, 10 fixed synthetic",
        "  'words' with speaker, timing and noise variation); AD inputs are 5-frame log-mel (dB) vectors of",
        "  a synthetic fan-like machine sound; VWW, ResNet-8 and branchy use crops of the two photos",
        "  bundled with scikit-learn, scaled to [0,1] (VWW proxy: which photo; ResNet-8 and branchy",
        "  proxy: photo x region of the crop centre, 10 classes).",
        "- Float32 rounding noise (ORT vs PyTorch, or float32 vs float64) is up to ~3e-5 absolute on",
        "  `ad_autoencoder` (outputs are dB values around -40) and ~1e-5 on the others; compare with",
        "  a tolerance of about 1e-4 absolute (relative for `ad_autoencoder`).",
        "",
    ]
    with open(os.path.join(HERE, "README.md"), "w") as f:
        f.write("\n".join(lines))


def main():
    xtr, xte, ytr, yte = digits_split()
    np.save(os.path.join(HERE, "digits_test_x.npy"), xte.astype(np.float32))
    np.save(os.path.join(HERE, "digits_test_y.npy"), yte.astype(np.int64))
    infos = []
    for build in (build_kws, build_vww, build_ic, build_ad, lambda: build_digits(False),
                  lambda: build_digits(True), build_branchy, build_opset9_mlp):
        infos.append(build())
    write_readme(infos, len(yte))
    print("all models built and cross-checked against ONNX Runtime")


if __name__ == "__main__":
    main()
