// What bin/ember-jshell imports before the first prompt.
import dev.ember.*;
import dev.ember.nn.Sequential;
import dev.ember.nn.layers.*;
import dev.ember.nn.loss.*;
import dev.ember.nn.optim.*;
