#!/bin/sh
# Regenerates the pictures of docs/fiji.md: the GUI tests photograph the menu and the dialogs, and
# ShippedModelsIT saves input and output side by side for every trained model in models/.
set -e
cd "$(dirname "$0")/.."
xvfb-run -a -s "-screen 0 1280x1024x24" mvn -B verify -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
	-Dit.test='DialogsIT,ShippedModelsIT'
cp target/screenshots/*.png docs/images/
