// Importing this module registers every VJP rule.
import './elementwise.ts';
import './linalg.ts';
import './shape.ts';
import './reduce.ts';
import './nn.ts';
