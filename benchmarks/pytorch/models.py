"""The Fashion-MNIST networks and optimizer of Ember's training benchmarks, in PyTorch: the same layers as
BenchmarkModels.mlp and .cnn in benchmarks/src/main/java/dev/ember/benchmarks/training (PyTorch's default
initialisation, which Ember's nn Linear and Conv2d copy), Adam with lr 1e-3, betas 0.9/0.999, eps 1e-8."""
import contextlib

import torch
import torch.nn.functional as F
from torch import nn


class Mlp(nn.Module):
    """784 -> 256 -> ReLU -> 128 -> ReLU -> 10 on flattened [batch, 784] images."""

    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 256)
        self.fc2 = nn.Linear(256, 128)
        self.fc3 = nn.Linear(128, 10)

    def forward(self, x):
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))


class Cnn(nn.Module):
    """conv 1->32 3x3 pad 1, ReLU, max-pool 2; conv 32->64 3x3 pad 1, ReLU, max-pool 2; 3136 -> 128 -> ReLU -> 10."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3, padding=1)
        self.conv2 = nn.Conv2d(32, 64, 3, padding=1)
        self.fc1 = nn.Linear(64 * 7 * 7, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        h = F.max_pool2d(F.relu(self.conv1(x)), 2)
        h = F.max_pool2d(F.relu(self.conv2(h)), 2)
        h = h.reshape(h.shape[0], 64 * 7 * 7)
        return self.fc2(F.relu(self.fc1(h)))


class MnistCnn(nn.Module):
    """BenchmarkModels.mnistCnn, PyTorch's examples/mnist Net: conv 1->32 3x3, ReLU; conv 32->64 3x3, ReLU,
    max-pool 2, dropout 0.25; 9216 -> 128, ReLU, dropout 0.5; 128 -> 10, log-softmax."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3, 1)
        self.conv2 = nn.Conv2d(32, 64, 3, 1)
        self.dropout1 = nn.Dropout(0.25)
        self.dropout2 = nn.Dropout(0.5)
        self.fc1 = nn.Linear(9216, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = F.relu(self.conv1(x))
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(self.dropout1(x), 1)
        x = self.dropout2(F.relu(self.fc1(x)))
        return F.log_softmax(self.fc2(x), dim=1)


class TrainingStep:
    """Clear grads (to None, as Ember's step does), forward, cross-entropy, backward, Adam update; or, with
    adadelta=True, the NLL loss of log-probabilities and Adadelta at lr 1 (the examples' MnistCnn step). With
    autocast (torch.bfloat16 or torch.float16) the forward pass and the loss run under torch.autocast("cpu",
    autocast), and backward and the update outside it: PyTorch's mixed-precision recipe, and Ember's
    TrainingStep(model, dtype)."""

    def __init__(self, model, autocast=None, adadelta=False):
        self.model = model
        self.loss = F.nll_loss if adadelta else F.cross_entropy
        self.optimizer = torch.optim.Adadelta(model.parameters(), lr=1.0) if adadelta else \
            torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8)
        self.autocast = autocast

    def run(self, images, labels):
        self.optimizer.zero_grad(set_to_none=True)
        with cpu_autocast(self.autocast):
            loss = self.loss(self.model(images), labels)
        loss.backward()
        self.optimizer.step()
        return loss.item()


@contextlib.contextmanager
def cpu_autocast(dtype):
    """torch.autocast("cpu", dtype), or no scope for None. A RuntimeError where this torch's CPU autocast does not
    run dtype (torch 1.13 refuses float16; other versions warn and carry on in float32), so that a float32 step is
    never timed as a half one."""
    if dtype is None:
        yield
        return
    with torch.autocast("cpu", dtype=dtype):
        if not (torch.is_autocast_cpu_enabled() and torch.get_autocast_cpu_dtype() == dtype):
            raise RuntimeError(f"torch {torch.__version__} has no CPU autocast to {dtype}")
        yield
